using System.Collections.Immutable;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Positions.Operations;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// A position's trigger orders (stop-loss, take-profit): the ones waiting, and how many were ever
/// placed (the next one's number). One executes as its owner's close of its fraction at the first
/// oracle price after the one that reached it (GMX v2's two-step orders): a <see cref="TriggerExecuted"/>
/// and the <see cref="PositionSettlementRequested"/> it starts are persisted together, so the settlement
/// is the trader's own (no penalty). Waiting triggers go when the position closes or is liquidated in full.
/// </summary>
public sealed record PositionTriggers
{
    /// <summary>Enough for a ladder of stops and targets; the index holds every one of them.</summary>
    public const int MaxPerPosition = 10;

    /// <summary>A trigger price beyond this factor of the price now cannot be meant.</summary>
    public const decimal MaxDistanceFactor = 100m;

    public static PositionTriggers None { get; } = new();

    public ImmutableList<TriggerView> Waiting { get; init; } = [];

    public int Placed { get; init; }

    public TriggerView? Find(int trigger) => Waiting.Find(t => t.Trigger == trigger);

    /// <summary>
    /// Whether <paramref name="price"/> reached a trigger: a long's stop-loss and a short's take-profit
    /// at or below its price, a long's take-profit and a short's stop-loss at or above it.
    /// </summary>
    public static bool Reached(PositionSide side, TriggerKind kind, decimal level, decimal price) =>
        FiresFalling(side, kind) ? price <= level : price >= level;

    /// <summary>A falling price reaches it: a long's stop-loss, a short's take-profit.</summary>
    public static bool FiresFalling(PositionSide side, TriggerKind kind) => (side == PositionSide.Long) == (kind == TriggerKind.StopLoss);

    /// <summary>
    /// A trigger must lie strictly on its kind's side of the price now (a long's stop below it, its
    /// take-profit above; the reverse for a short): one the price already reached would only be a
    /// close at that price, which the trader can ask for.
    /// </summary>
    public static Handling<PositionState, IPositionEvent> Decide(PositionState p, PlaceTrigger c)
    {
        if (p.Cross)
            return Refuse(p, c, RejectionCodes.CrossPositionTriggers,
                $"Position {p.Id} is a cross position: its margin is its account's; trigger orders are for isolated positions.");
        if (c.Price <= 0)
            return Refuse(p, c, RejectionCodes.InvalidPrice, $"Price must be positive, got {c.Price}.");
        if (c.TriggerPrice <= 0 || c.TriggerPrice > c.Price * MaxDistanceFactor || c.TriggerPrice < c.Price / MaxDistanceFactor)
            return Refuse(p, c, RejectionCodes.InvalidTriggerPrice,
                $"The trigger price must be positive and within {MaxDistanceFactor}x of the price {c.Price}, got {c.TriggerPrice}.");
        if (c.Fraction is <= 0 or > 1)
            return Refuse(p, c, RejectionCodes.InvalidFraction, $"Fraction must be above 0 and at most 1, got {c.Fraction}.");
        // A sliver the owner could not decrease by (Settling.Decide): its loss would outrun its share of the collateral's rounding.
        if (c.Fraction < 1 && Settling.Settles(p, c.Fraction, c.Price) is var part && part < p.Parameters.MinNotional)
            return Refuse(p, c, RejectionCodes.PositionTooSmall,
                $"A trigger for {c.Fraction} of position {p.Id} would settle {part} of notional at {c.Price}, below the market's minimum of {p.Parameters.MinNotional}.");
        if (Reached(p.Side, c.Kind, c.TriggerPrice, c.Price))
            return Refuse(p, c, RejectionCodes.TriggerWrongSide,
                $"A {p.Side.ToString().ToLowerInvariant()}'s {Name(c.Kind)} must be {(FiresFalling(p.Side, c.Kind) ? "below" : "above")} the price {c.Price}, got {c.TriggerPrice}.");
        if (p.Triggers.Waiting.Count >= MaxPerPosition)
            return Refuse(p, c, RejectionCodes.TooManyTriggers, $"Position {p.Id} already holds {MaxPerPosition} trigger orders.");
        return Persist(new TriggerPlaced(p.Id, c.RequestId, p.Triggers.Placed + 1, c.Kind, c.TriggerPrice, c.Fraction, c.Price, c.At)
        {
            PriceSequence = c.PriceSequence,
        }, p, c.RequestId);
    }

    public static Handling<PositionState, IPositionEvent> Decide(PositionState p, CancelTrigger c) =>
        p.Triggers.Find(c.Trigger) is null
            ? Refuse(p, c, RejectionCodes.TriggerNotFound, $"Position {p.Id} has no waiting trigger {c.Trigger}: never placed, executed or cancelled.")
            : Persist(new TriggerCancelled(p.Id, c.RequestId, c.Trigger, c.At), p, c.RequestId);

    /// <summary>
    /// Executes once, at the price after the one that reached the trigger, when every rule holds;
    /// otherwise does nothing (the index notes the trigger again at a later price that reaches it):
    /// the trigger still waits, the position is open and not being liquidated, no other request of its
    /// owner moves collateral (a close racing the trigger finishes first, then the trigger acts on what
    /// is left, if anything), the crossing reached the trigger and came before the execution price
    /// (<see cref="Proves"/>), and that price is fresh as a liquidator's must be.
    /// </summary>
    public static Handling<PositionState, IPositionEvent> Execute(PositionState p, ExecuteTrigger c)
    {
        if (p.Status != PositionStatus.Open || p.Quantity <= 0 || p.UnderLiquidation || p.Operations.Any(o => o.MovesCollateral)
            || p.Triggers.Find(c.Trigger) is not { } trigger || c.Price <= 0
            || !Proves(p.Side, trigger, c.Crossing, c.Price, c.PriceSequence)
            || c.PriceSequence < p.Numbers.LastPriceSequence
            || c.At - c.PriceAt > OracleRules.MaxPriceAge(p.Catalog.Oracle(p.Market) ?? OracleParameters.Default))
            return Handling<PositionState, IPositionEvent>.Ignore;
        var number = p.Numbers.NextSettlement;
        return Handling<PositionState, IPositionEvent>.Persist(
            new TriggerExecuted(p.Id, c.Trigger, number, c.Price, c.PriceSequence, c.PriceAt, c.At) { Crossing = c.Crossing, SettlesAtLeastMinimum = true },
            new PositionSettlementRequested(p.Id, SettlementRequest(c.Trigger), number, Fraction(p, trigger.Fraction, c.Price), c.Price, c.At)
            {
                FundingBound = Operations.Settling.FundingBound(p, Fraction(p, trigger.Fraction, c.Price), c.At),
            });
    }

    /// <summary>
    /// What a trigger settles: its fraction, at least the market's minimum notional, or the whole
    /// position when the rest would be below that minimum (a decrease the owner sent would be refused;
    /// a stop-loss is not, as refusing it would leave the position open past the owner's stop). A
    /// trigger is checked against the minimum when placed, but its fraction is of what is left when it
    /// fires, at the price then: decreases, partial liquidations and deleverages since, or the price
    /// itself, can shrink it to a sliver whose share of the collateral rounds to nothing, which would
    /// settle its loss with nothing behind it (<see cref="Settling.Decide(PositionState, DecreasePosition)"/>).
    /// </summary>
    public static decimal Fraction(PositionState p, decimal fraction, decimal price)
    {
        var minimum = p.Parameters.MinNotional;
        if (fraction < 1 && Settling.Settles(p, fraction, price) < minimum)
            // A whole position at or below the minimum closes whole, and a dust one from older journals is not divided by.
            fraction = p.Quantity * price is var notional && notional <= minimum
                ? 1m
                : decimal.Round(minimum / notional, 18, MidpointRounding.ToPositiveInfinity);
        return fraction < 1 && Settling.Leaves(p, fraction, price) < minimum ? 1m : fraction;
    }

    /// <summary>
    /// Whether an execution at oracle price #<paramref name="sequence"/> (<paramref name="price"/>) is one
    /// the trigger earned: its <paramref name="crossing"/> reached the trigger and is an earlier price.
    /// Without a crossing (an index from before next-price triggers, and the rows it caused), the
    /// execution price itself must have reached it, and only for a trigger placed without a price
    /// number (a review: a row without a crossing closed at a one-tick spike). A crossing must come after the price the trigger was
    /// placed against, when that is recorded: a risk index whose last price was older than the trader's
    /// quote (prices reach it by publication, placements through the journal) otherwise took a price from
    /// before the placement as its crossing, and closed the position at the next price, the very one the
    /// trader had seen: a close at a known price, which next-price execution exists to refuse.
    /// </summary>
    public static bool Proves(PositionSide side, TriggerView trigger, TriggerCrossing? crossing, decimal price, long sequence) =>
        crossing is null
            // A trigger placed against a number was placed by a node whose index names every crossing: without one, the execution would be at the price that reached it.
            ? trigger.PlacedAtPrice is null && Reached(side, trigger.Kind, trigger.TriggerPrice, price)
            : crossing.Sequence < sequence && After(trigger, crossing.Sequence) && Reached(side, trigger.Kind, trigger.TriggerPrice, crossing.Price);

    /// <summary>Whether oracle price #<paramref name="sequence"/> came after the one the trigger was placed against (any does when that is not recorded).</summary>
    public static bool After(TriggerView trigger, long sequence) => trigger.PlacedAtPrice is not { } placed || sequence > placed;

    /// <summary>The request a trigger's settlement records; the API's request ids (a hash or a GUID) never take this form.</summary>
    public static RequestId SettlementRequest(int trigger) => RequestId.From($"trigger.{trigger}");

    /// <summary>The triggers once <paramref name="evt"/> is applied, for a position whose status is then <paramref name="status"/>.</summary>
    public PositionTriggers After(IPositionEvent evt, PositionStatus status) => evt switch
    {
        TriggerPlaced e => this with
        {
            Placed = e.Trigger,
            Waiting = Waiting.Add(new TriggerView(e.Trigger, e.Kind, e.TriggerPrice, e.Fraction, e.RequestId, e.At) { PlacedAtPrice = e.PriceSequence }),
        },
        TriggerCancelled e => this with { Waiting = Waiting.RemoveAll(t => t.Trigger == e.Trigger) },
        TriggerExecuted e => this with { Waiting = Waiting.RemoveAll(t => t.Trigger == e.Trigger) },
        _ when Waiting.Count > 0 && status is PositionStatus.Closed or PositionStatus.Liquidated => this with { Waiting = [] },
        _ => this,
    };

    private static string Name(TriggerKind kind) => kind == TriggerKind.StopLoss ? "stop-loss" : "take-profit";

    private static Handling<PositionState, IPositionEvent> Persist(IPositionEvent evt, PositionState p, RequestId request) =>
        new([evt], after => new PositionCommandAccepted(p.Id, request, after.View(null, null), AlreadyApplied: false));

    private static Handling<PositionState, IPositionEvent> Refuse(PositionState p, IPositionCommand c, string code, string message) =>
        Handling<PositionState, IPositionEvent>.Answer(new PositionCommandRejected(p.Id, c.RequestId, new Rejection(code, message)));
}
