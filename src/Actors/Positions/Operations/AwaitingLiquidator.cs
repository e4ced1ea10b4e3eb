using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// A breach a liquidator has yet to act on. Nothing is sent from here (the breach's notice goes
/// to the market's liquidators as it is persisted); a liquidator's <see cref="Liquidate"/> either
/// clears it or starts the <see cref="Liquidating"/> that replaces it.
/// </summary>
public sealed record AwaitingLiquidator(PositionBreached Breach) : PositionOperation
{
    /// <summary>The owner has asked to add collateral since the breach: the one addition taken before a liquidator acts.</summary>
    public bool TopUpAsked { get; init; }

    /// <summary>Repeated checks are harmless: one breach stays outstanding until a liquidator resolves it.</summary>
    public static Handling<PositionState, IPositionEvent> Check(PositionState p, CheckMargin c)
    {
        // A cross position's margin is its account's: no isolated check breaches, warns or deleverages it.
        if (p.Cross || p.Status != PositionStatus.Open || p.UnderLiquidation || c.Price <= 0 || c.PriceSequence < p.Numbers.LastPriceSequence)
            return Handling<PositionState, IPositionEvent>.Ignore;
        var (equity, maintenance) = p.Margin(c.Price, c.BorrowIndex, MarginRates.Liquidation(p.Parameters, c.Margin), c.FundingIndex);
        // Not breached: predictive liquidation measures the distance at the requirement in force, so
        // within a rise's grace a position below it is warned, not liquidated, until the grace ends.
        return equity < maintenance
            ? Persist(new PositionBreached(p.Id, p.Market, p.Numbers.NextBreach, c.Price, c.BorrowIndex, equity, maintenance, c.PriceSequence, c.At)
            {
                FundingIndex = c.FundingIndex,
            })
            : EarlyDeleverage.Decide(p, c);
    }

    public override object? Message => null;

    /// <remarks>
    /// The owner's close of the whole position also ends it, breached before the close or while it was
    /// on its way: nothing is left to liquidate, and a liquidator coming later is answered resolved.
    /// </remarks>
    public override IEnumerable<PositionOperation> After(PositionState before, IPositionEvent evt) => evt switch
    {
        BreachCleared or LiquidationStarted => [],
        PositionSettlementCompleted when before.Operation<Settling>() is { ClosesAll: true } => [],
        CollateralIncreaseRequested => [this with { TopUpAsked = true }],
        _ => [this],
    };

    /// <summary>
    /// What the owner may ask of a position a liquidator is coming for. A liquidator finding
    /// collateral on the move waits for the next price, so requests one after another (a top-up
    /// the account refuses costs nothing, a decrease of a millionth little) would keep it waiting
    /// while the loss grows past the collateral onto the pool. A close ends the position, and one
    /// addition of collateral may cure the breach; anything else waits until a liquidator has acted.
    /// </summary>
    public Rejection? Refusal(PositionState p, IPositionCommand c) => c switch
    {
        RemoveCollateral => new Rejection(RejectionCodes.BelowInitialMargin,
            $"Position {p.Id} is below maintenance and waits for its liquidator: no collateral can leave it."),
        DecreasePosition => Pending(p, TopUpAsked ? "only a close is taken" : "only a close or an addition of collateral is taken"),
        AddCollateral when TopUpAsked => Pending(p, "only a close is taken: collateral was added since the breach"),
        _ => null,
    };

    private static Rejection Pending(PositionState p, string taken) =>
        new(RejectionCodes.LiquidationPending, $"Position {p.Id} is below maintenance and waits for its liquidator; until one has acted, {taken}.");

    /// <summary>
    /// Re-checks at the liquidator's price, which must be fresh: no older than the newest price the
    /// position has acted on, nor than the oracle's staleness limit at the liquidator's time. Closes
    /// just enough, or everything.
    /// </summary>
    public Handling<PositionState, IPositionEvent> Decide(PositionState p, Liquidate c)
    {
        var resolved = new LiquidationAnswer(p.Id, c.Breach, Resolved: true);
        var later = new LiquidationAnswer(p.Id, c.Breach, Resolved: false);
        // Collateral must not move under a liquidation: wait for the trader's request to finish.
        if (p.Operations.Any(o => o.MovesCollateral) || c.Price <= 0)
            return Handling<PositionState, IPositionEvent>.Answer(later);
        if (!IsFresh(p, c))
            return Handling<PositionState, IPositionEvent>.Answer(later with { PriceRefused = true });

        // Interest is never taken to an index older than the breach's.
        var index = Math.Max(c.BorrowIndex, Breach.BorrowIndex);
        // Funding to the liquidator's index, or the breach's when it names none.
        var funding = c.FundingIndex ?? Breach.FundingIndex;
        var (equity, maintenance) = p.Margin(c.Price, index, MarginRates.Liquidation(p.Parameters, c.Margin), funding);
        if (equity >= maintenance)
            return Persist(new BreachCleared(p.Id, c.Breach, c.Price, equity, c.At, c.PriceSequence)) with { Reply = _ => resolved };

        var fraction = LiquidationMath.Fraction(equity, p.Quantity * c.Price, MarginRates.AtLiquidation(p.Parameters, c.Margin));
        return Persist(new LiquidationStarted(p.Id, c.Breach, p.Numbers.NextSettlement, fraction, c.Price, equity, maintenance, c.Liquidator,
                c.At, c.PriceSequence, c.PriceAt, index) { FundingIndex = funding })
            with { Reply = _ => later };
    }

    private static bool IsFresh(PositionState p, Liquidate c) =>
        c.PriceSequence >= p.Numbers.LastPriceSequence
        && c.At - c.PriceAt <= OracleRules.MaxPriceAge(p.Catalog.Oracle(p.Market) ?? OracleParameters.Default);
}
