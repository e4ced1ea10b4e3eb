using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Oracles;

/// <summary>Routes a message to the oracle of the market it names.</summary>
public interface IWithOracleMarket : ILeverageMessage
{
    MarketId Market { get; }
}

/// <summary>A source's price observed at <c>ObservedAt</c>, received at <c>At</c>.</summary>
public sealed record ReportPrice(MarketId Market, string Source, decimal Price, DateTimeOffset ObservedAt, DateTimeOffset At)
    : IWithOracleMarket;

public sealed record GetOraclePrice(MarketId Market, DateTimeOffset At) : IWithOracleMarket;

public sealed record OraclePriceResponse(
    MarketId Market,
    decimal? Price,
    DateTimeOffset? PriceAt,
    long Sequence,
    bool Halted,
    DateTimeOffset? HaltedUntil,
    IReadOnlyDictionary<string, long> Ignored,
    VolatilityUpdated? Volatility = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MarginInForce? Margin = null) : ILeverageMessage;

/// <summary>Published on the DistributedPubSub topic <c>price.{market}</c> once a price is accepted.</summary>
public sealed record PriceUpdated(MarketId Market, decimal Price, DateTimeOffset At, long Sequence) : ILeverageMessage
{
    /// <summary>The dynamic margin in force at this price; null in a market without one (its positions' own rates apply).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MarginInForce? Margin { get; init; }

    /// <summary>The σ and horizon the margin was recorded from (predictive liquidation); null with no margin.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RiskScale? Scale { get; init; }

    /// <summary>The oldest price a quorum of this one's reports came after (<see cref="PriceAccepted.Since"/>); null when not known.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Since { get; init; }

    /// <summary>The oldest price a quorum and the recent ones of this one's reports came after (<see cref="PriceAccepted.AllAfter"/>); null when not known.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? AllAfter { get; init; }

    /// <summary>The oldest price a quorum and the recent ones (when known), else a quorum, of its reports came after.</summary>
    [JsonIgnore]
    public long? NextAfter => AllAfter ?? Since;

    /// <summary>The circuit breaker's halt in force with this price (the trip it made, or the halt it fell inside); null when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? HaltedUntil { get; init; }

    public static string Topic(MarketId market) => "price." + market.Value;
}

/// <summary>The oracle's answer to one report: accepted into the book, or ignored and why.</summary>
public sealed record ReportAnswered(MarketId Market, string Source, string? IgnoredBecause) : ILeverageMessage;
