using LeverageActors.Actors.Common;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// DESIGN §4 item 6: every price an event acted on is a price its market's oracle accepted, fresh at
/// the event's time (the oracle's staleness limit plus its configured latency); a breach and a
/// liquidation name the oracle's price number, and a liquidation's is not older than its breach's.
/// </summary>
public sealed class PriceRules(JournalFold fold)
{
    private readonly AcceptedPrices _prices = new();
    /// <summary>Each position's last trigger execution, until the settlement request persisted with it is read.</summary>
    private readonly Dictionary<PositionId, (TriggerExecuted Executed, decimal? Fraction)> _executing = new();
    /// <summary>The positions one of whose trigger executions was marked <see cref="TriggerExecuted.SettlesAtLeastMinimum"/>.</summary>
    private readonly HashSet<PositionId> _settlingAtLeastMinimum = [];

    public void Record(PriceAccepted accepted, DateTimeOffset? haltedUntil = null)
    {
        _prices.Record(accepted);
        if (haltedUntil is { } until)
            _halts[(accepted.Market, accepted.Sequence)] = until;
        if (Newest is not { } newest || accepted.At > newest)
            Newest = accepted.At;
    }

    /// <summary>The circuit breaker's halt in force with each accepted price that had one, by market and number.</summary>
    private readonly Dictionary<(MarketId, long), DateTimeOffset> _halts = new();

    /// <summary>
    /// The markets among <paramref name="marks"/> whose price came inside a circuit breaker's halt, as
    /// the oracle's own rows decide it (a mark carries no halt, so a forger cannot leave one out); null
    /// when none.
    /// </summary>
    public IReadOnlyList<MarketId>? Halted(IReadOnlyList<Messages.Accounts.MarketMark> marks)
    {
        List<MarketId>? halted = null;
        foreach (var m in marks)
            if (_halts.ContainsKey((m.Market, m.Sequence)))
                (halted ??= []).Add(m.Market);
        return halted;
    }

    /// <summary>The latest time any oracle accepted a price at, among the rows read so far: the journal's own clock.</summary>
    public DateTimeOffset? Newest { get; private set; }

    /// <summary>
    /// The earliest a row dated <paramref name="at"/> can have been written: not before the newest price
    /// written ahead of it, less the clock skew between nodes. A decision appended today under an old
    /// dip's date, with that dip's marks, is judged at the time it was written, not at the date it gives.
    /// </summary>
    public DateTimeOffset WrittenNoEarlierThan(DateTimeOffset at) =>
        Newest is { } newest && newest - OracleRules.MaxClockSkew > at ? newest - OracleRules.MaxClockSkew : at;

    public PriceAccepted? Number(MarketId market, long sequence) => _prices.Number(market, sequence);

    /// <summary>
    /// Whether a valuation at <paramref name="at"/> may have used <paramref name="accepted"/>: a mark is
    /// fresh when fetched (within the price age) and its decision may wait up to as long again for
    /// the price it executes at, give or take the clock skew between nodes. A price older than that
    /// was left behind by the market.
    /// </summary>
    public bool FreshAt(MarketId market, PriceAccepted accepted, DateTimeOffset at) =>
        at - accepted.At <= 2 * MaxAge(market) + OracleRules.MaxClockSkew;

    /// <summary>Every margin requirement the oracles recorded, to judge a decision at the one in force with its price.</summary>
    public MarginsInForce Margins { get; } = new();

    /// <summary>The dynamic requirement in force with the oracle's price number <paramref name="sequence"/>, at that price's time.</summary>
    public MarginInForce? MarginAt(MarketId market, long sequence, DateTimeOffset fallback) =>
        Margins.At(market, sequence, Number(market, sequence)?.At ?? fallback);

    /// <summary>The rule broken by a position's event, if any, with what was expected and what was found.</summary>
    public AuditFinding? Check(IPositionEvent evt, PositionState before) => evt switch
    {
        PositionOpenRequested e => Acted(e.Market, e.EntryPrice, e.At, "opened"),
        PositionSettlementRequested e => Acted(before.Market, e.Price, e.At, "closed") ?? TriggerSettled(e, before),
        CollateralDecreaseRequested e => Acted(before.Market, e.Price, e.At, "valued a collateral removal"),
        PositionBreached e => Numbered(e.Market, e.PriceSequence, e.Price, "breach-price"),
        BreachCleared { PriceSequence: > 0 } e => Numbered(before.Market, e.PriceSequence, e.Price, "liquidation-price"),
        LiquidationStarted e => Liquidation(e, before),
        AutoDeleverageStarted e => Numbered(e.Market, e.PriceSequence, e.Price, "adl-price"),
        CrossLiquidationStarted e => Numbered(before.Market, e.Mark.Sequence, e.Mark.Price, "liquidation-price"),
        EarlyDeleverageStarted e => Numbered(e.Market, e.PriceSequence, e.Price, "early-deleverage-price"),
        TriggerExecuted e => Trigger(e, before),
        // The number a trigger was placed against decides which crossings prove it: it must be the price the placement names.
        TriggerPlaced { PriceSequence: { } placedAt } e => Numbered(before.Market, placedAt, e.Price, "trigger-placed"),
        _ => null,
    };

    public AuditFinding? Check(ILeverageEvent evt) => evt switch
    {
        PoolDepositStarted e => Acted(e.Market, e.Price, e.At, "priced an LP deposit"),
        PoolWithdrawalStarted e => Acted(e.Market, e.Price, e.At, "priced an LP withdrawal"),
        _ => null,
    };

    private AuditFinding? Acted(MarketId market, decimal price, DateTimeOffset at, string what) =>
        _prices.Proves(market, price, at, MaxAge(market))
            ? null
            : new AuditFinding("price-proven", $"{what} at a price {market}'s oracle accepted within {MaxAge(market)} before {at:O}",
                $"{price}, which it did not");

    private AuditFinding? Numbered(MarketId market, long sequence, decimal price, string rule) =>
        _prices.Number(market, sequence) is { } accepted && accepted.Price == price
            ? null
            : new AuditFinding(rule, $"{market}'s oracle price #{sequence} ({_prices.Number(market, sequence)?.Price.ToString() ?? "none"})", $"{price}");

    private AuditFinding? Liquidation(LiquidationStarted e, PositionState before)
    {
        if (e.PriceSequence == 0)
            return Acted(before.Market, e.Price, e.At, "liquidated");
        if (Numbered(before.Market, e.PriceSequence, e.Price, "liquidation-price") is { } wrong)
            return wrong;
        var accepted = _prices.Number(before.Market, e.PriceSequence)!;
        if (e.At - accepted.At > MaxAge(before.Market))
            return new AuditFinding("liquidation-price", $"a price no older than {MaxAge(before.Market)} at {e.At:O}",
                $"price #{e.PriceSequence} accepted at {accepted.At:O}");
        return before.OpenBreach is { } breach && e.PriceSequence < breach.PriceSequence
            ? new AuditFinding("liquidation-price", $"a price not older than the breach's #{breach.PriceSequence}", $"#{e.PriceSequence}")
            : null;
    }

    /// <summary>
    /// A trigger executed at its oracle price number's price, fresh at its time; the price that crossed
    /// it is its own number's price, reached the trigger and came before the execution's (a row without
    /// a crossing, from before next-price triggers: its execution price reached it).
    /// </summary>
    private AuditFinding? Trigger(TriggerExecuted e, PositionState before)
    {
        _executing[e.PositionId] = (e, before.Triggers.Find(e.Trigger)?.Fraction);
        if (Numbered(before.Market, e.PriceSequence, e.Price, "trigger-price") is { } wrong)
            return wrong;
        // As the position decides (PositionTriggers.Execute): a trigger waits while its position is liquidated, settles or moves collateral.
        if (before.Status != PositionStatus.Open || before.Quantity <= 0 || before.UnderLiquidation || BusyPosition.MovingCollateral(before).Any()
            || e.PriceSequence < before.Numbers.LastPriceSequence)
            return new AuditFinding("trigger-busy", $"{before.Id} open, not being liquidated, no request moving its collateral, at a price not before #{before.Numbers.LastPriceSequence}",
                $"{before.Status}{(before.UnderLiquidation ? ", under liquidation" : "")}, {string.Join(", ", BusyPosition.MovingCollateral(before).Select(o => o.GetType().Name))} in flight, executed at #{e.PriceSequence}");
        var accepted = _prices.Number(before.Market, e.PriceSequence)!;
        if (e.At - accepted.At > MaxAge(before.Market))
            return new AuditFinding("trigger-price", $"a price no older than {MaxAge(before.Market)} at {e.At:O}",
                $"price #{e.PriceSequence} accepted at {accepted.At:O}");
        if (e.Crossing is { } crossing && Numbered(before.Market, crossing.Sequence, crossing.Price, "trigger-reached") is { } unproven)
            return unproven;
        if (!(before.Triggers.Find(e.Trigger) is { } t && PositionTriggers.Proves(before.Side, t, e.Crossing, e.Price, e.PriceSequence)))
            return new AuditFinding("trigger-reached",
                $"waiting trigger {e.Trigger} of {before.Id} reached by {(e.Crossing is null ? "the price" : "a price before the execution's")}"
                + (before.Triggers.Find(e.Trigger)?.PlacedAtPrice is { } placed ? $", after price #{placed} it was placed against" : ""),
                before.Triggers.Find(e.Trigger) is { } found
                    ? $"{found.Kind} at {found.TriggerPrice} for a {before.Side} " +
                      (e.Crossing is { } c ? $"crossed at {c.Price} (#{c.Sequence}), " : "") + $"executed at {e.Price} (#{e.PriceSequence})"
                    : "no such trigger waiting");
        // The next price after the crossing is one a quorum of whose reports came after it (OracleRules.Since).
        return e.Crossing is { } crossed && accepted.NextAfter is { } since && since < crossed.Sequence
            ? new AuditFinding("trigger-price", $"a price a quorum of whose reports came after the crossing #{crossed.Sequence}",
                $"#{e.PriceSequence}, a quorum of its reports after #{since} only")
            : null;
    }

    /// <summary>
    /// A trigger's settlement request is persisted with its execution and asks for the execution's
    /// price and the trigger's fraction, raised to the minimum notional, or the whole position where the
    /// rest would be below it (<see cref="PositionTriggers.Fraction"/>; the trigger's own fraction is taken
    /// too from an execution not marked <see cref="TriggerExecuted.SettlesAtLeastMinimum"/>, as journals
    /// from before those rules settled it); no other request takes a trigger's request id.
    /// </summary>
    private AuditFinding? TriggerSettled(PositionSettlementRequested e, PositionState before)
    {
        var (executed, fraction) = _executing.Remove(e.PositionId, out var x) ? x : (null, null);
        if (executed is { SettlesAtLeastMinimum: true })
            _settlingAtLeastMinimum.Add(e.PositionId);
        if (executed is null || e.RequestId != PositionTriggers.SettlementRequest(executed.Trigger))
            return e.RequestId.Value.StartsWith("trigger.", StringComparison.Ordinal)
                ? new AuditFinding("trigger-reached", $"trigger settlement {e.RequestId} persisted with its execution", "no execution before it")
                : null;
        if (e.Price != executed.Price || e.Number != executed.Number)
            return new AuditFinding("trigger-reached", $"trigger {executed.Trigger}'s settlement {executed.Number} at its execution price {executed.Price}",
                $"settlement {e.Number} at {e.Price}");
        if (fraction is not { } own)
            return null;
        var ruled = PositionTriggers.Fraction(before, own, e.Price);
        if (e.Fraction == ruled)
            return null;
        // A node that left the mark out would settle by the older rule: once one of a position's
        // executions is marked, every later one is held to the rule.
        var marked = _settlingAtLeastMinimum.Contains(e.PositionId);
        return marked || e.Fraction != own
            ? new AuditFinding("trigger-fraction",
                $"trigger {executed.Trigger}'s fraction {own}, raised to the minimum notional, or all of a position it would leave below it{(marked ? $": {ruled}" : "")}",
                $"{e.Fraction}")
            : null;
    }

    private TimeSpan MaxAge(MarketId market) =>
        OracleRules.MaxPriceAge(fold.Oracles.GetValueOrDefault(market)?.Parameters ?? OracleParameters.Default);
}
