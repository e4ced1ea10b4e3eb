using System.Text.Json.Serialization;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Oracles;

/// <summary>
/// Wait for the market's next accepted price: the oracle notes its current price number as the
/// request's, and answers with the first price numbered after it (<see cref="NextPrice"/>), or
/// <see cref="NextPriceMissed"/> once <c>Deadline</c> passes. Held in memory only: a request lost
/// with its oracle was never executed, and its caller got no success.
/// </summary>
public sealed record AwaitNextPrice(MarketId Market, DateTimeOffset At, DateTimeOffset Deadline) : IWithOracleMarket;

/// <summary>The price a request waiting since price number <c>RequestSequence</c> executes at, with the margin in force at it.</summary>
public sealed record NextPrice(
    MarketId Market,
    decimal Price,
    long Sequence,
    DateTimeOffset PriceAt,
    long RequestSequence,
    DateTimeOffset RequestedAt,
    MarginInForce? Margin = null) : ILeverageMessage
{
    [JsonIgnore]
    public Execution Execution => new(RequestedAt, RequestSequence, Sequence);

    /// <summary>
    /// The halt in force with this price, its own trip included: the oracle answers its waiters as it
    /// writes the trip, before the halt has reached the pool, so a request adding risk learns it here.
    /// Null (not written) when the market is not halted.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? HaltedUntil { get; init; }
}

/// <summary>No price was accepted after the request before its deadline: it executes at nothing.</summary>
public sealed record NextPriceMissed(MarketId Market, long RequestSequence, DateTimeOffset Deadline) : ILeverageMessage;

/// <summary>How many requests wait for the market's next price (for operators and specs: opens batch per tick).</summary>
public sealed record GetNextPriceQueue(MarketId Market) : IWithOracleMarket;

public sealed record NextPriceQueue(MarketId Market, int Waiting) : ILeverageMessage;
