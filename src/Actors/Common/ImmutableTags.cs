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
    /// Of an oracle's events, the one its market's risk index folds from the journal's beginning: the
    /// margin requirement. The sources' reports, volatility records, halts and checkpoints (four of
    /// every six rows at three sources a second) would only lengthen its catch-up at every start, day
    /// after day; its prices have their own tag (<see cref="Prices"/>).
    /// </summary>
    public static bool ForMarket(IOracleEvent evt) => evt is MarginRequirementChanged;

    /// <summary>
    /// The tag of a market's accepted prices. Its risk index follows it from the newest price written
    /// when it starts (<see cref="JournalQueries.FromNewest"/>), for the prices the topic did not bring:
    /// a price older than that is never acted on, and decoding a day of them (three a second) cost
    /// every start about two seconds a day of the journal's age.
    /// </summary>
    public static string Prices(MarketId market) => "price:" + market.Value;

    /// <summary>The tag of an oracle's halt records: what the saga watchdog reads to find a halt not yet delivered to its pool.</summary>
    public const string Halt = "halt";

    public static bool IsHalt(IOracleEvent evt) => evt is CircuitBreakerTripped or CircuitBreakerReset or HaltDelivered;

    /// <summary>The tags an oracle's event carries besides its kind's.</summary>
    public static string[] OfOracle(IOracleEvent evt) =>
        ForMarket(evt) ? [Market(evt.Market)] : evt is PriceAccepted ? [Prices(evt.Market)] : IsHalt(evt) ? [Halt] : [];

    public Tagged Wrap(object evt) => new(evt, _tags);

    public Tagged Wrap(object evt, params string[] more) => new(evt, _tags.Union(more));
}
