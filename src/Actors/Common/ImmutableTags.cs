using System.Collections.Immutable;
using Akka.Persistence.Journal;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Common;

/// <summary>The journal tags of one kind of entity, wrapped around each event it persists.</summary>
public sealed class ImmutableTags(params string[] tags)
{
    public const string Breach = "breach";
    public const string Liquidation = "liquidation";

    private readonly ImmutableHashSet<string> _tags = tags.ToImmutableHashSet();

    /// <summary>The tag a market's events carry: what the market's risk index reads.</summary>
    public static string Market(MarketId market) => "market:" + market.Value;

    /// <summary>
    /// Of an oracle's events, those its market's risk index reads: prices and the margin requirement.
    /// The sources' reports, volatility records, halts and checkpoints (four of every six rows at three
    /// sources a second) would only lengthen its catch-up at every start, day after day.
    /// </summary>
    public static bool ForMarket(IOracleEvent evt) => evt is PriceAccepted or MarginRequirementChanged;

    /// <summary>The tag of an oracle's halt records: what the saga watchdog reads to find a halt not yet delivered to its pool.</summary>
    public const string Halt = "halt";

    public static bool IsHalt(IOracleEvent evt) => evt is CircuitBreakerTripped or CircuitBreakerReset or HaltDelivered;

    /// <summary>The tags an oracle's event carries besides its kind's.</summary>
    public static string[] OfOracle(IOracleEvent evt) =>
        ForMarket(evt) ? [Market(evt.Market)] : IsHalt(evt) ? [Halt] : [];

    public Tagged Wrap(object evt) => new(evt, _tags);

    public Tagged Wrap(object evt, params string[] more) => new(evt, _tags.Union(more));
}
