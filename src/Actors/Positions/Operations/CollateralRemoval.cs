using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// Collateral taken out: the pool's borrow index values the interest exactly, then the removal
/// is allowed if equity without unrealised gains (<see cref="PositionMath.WithdrawalEquity"/>) stays
/// above the initial margin: at the position's own rate, or the market's
/// rate in force when dynamic margin has raised it (carried on the command and recorded on the request,
/// so a recovered removal decides the same). Allowed, the pool books it and the
/// account is credited.
/// </summary>
public sealed record CollateralRemoval(CollateralDecreaseRequested Requested, AccountId Account, MarketId Market) : PositionOperation
{
    public static Handling<PositionState, IPositionEvent> Decide(PositionState p, RemoveCollateral r)
    {
        if (p.OpenBreach is not null)
            return Refuse(p, r.RequestId, new Rejection(RejectionCodes.BelowInitialMargin,
                $"Position {p.Id} is below maintenance and awaits liquidation: no collateral can leave it."));
        var invalid = AmountRules.Check(r.Amount) ?? (r.Price <= 0
            ? new Rejection(RejectionCodes.InvalidPrice, $"Price must be positive, got {r.Price}.")
            : r.Amount >= p.Collateral
                ? new Rejection(RejectionCodes.BelowInitialMargin, $"Cannot remove {r.Amount} of {p.Collateral} collateral.")
                : null);
        return invalid is not null
            ? Refuse(p, r.RequestId, invalid)
            : Begin(r.RequestId, new CollateralDecreaseRequested(p.Id, r.RequestId, r.Amount, r.Price, r.At) { InitialMarginRate = r.InitialMarginRate, Execution = r.Execution });
    }

    public override object? Message => new GetBorrowIndex(Market, Requested.PositionId, Requested.At);

    public override RequestId? Request => Requested.RequestId;

    public override bool MovesCollateral => true;

    public override Handling<PositionState, IPositionEvent>? Answer(PositionState position, object reply) => reply switch
    {
        // An answer to an earlier removal's question.
        BorrowIndexReply r when r.At != Requested.At => Handling<PositionState, IPositionEvent>.Ignore,
        BorrowIndexReply { Halted: true } => Persist(new CollateralDecreaseRefused(position.Id, new Rejection(RejectionCodes.MarketHalted,
            $"{Market} is halted by its circuit breaker: collateral stays until it lifts."), 0, Requested.At)),
        BorrowIndexReply r => DecideAt(position, r.BorrowIndex, r.FundingIndex),
        _ => null,
    };

    private Handling<PositionState, IPositionEvent> DecideAt(PositionState p, decimal index, decimal? fundingIndex = null)
    {
        // A breach may have been persisted while the removal waited for the pool's index: no
        // collateral leaves a position a liquidator is coming for.
        if (p.UnderLiquidation)
            return Persist(new CollateralDecreaseRefused(p.Id, new Rejection(RejectionCodes.BelowInitialMargin,
                $"Position {p.Id} fell below maintenance while the removal waited: no collateral can leave it."), index, Requested.At));
        // Funding owed counts against what may leave, as interest does (issue 18); funding owed to
        // the position is a gain not realised yet, and counts for nothing, as its PnL's gain.
        var interest = BorrowRateModel.InterestOwed(p.Reserved, p.BorrowIndexAtOpen, index) + Math.Max(p.FundingOwed(fundingIndex), 0m);
        var equity = PositionMath.WithdrawalEquity(p.Side, p.Quantity, p.EntryPrice, p.Collateral - Requested.Amount, interest,
            Requested.Price, p.Parameters);
        var required = p.Quantity * Requested.Price * MarginRates.Initial(p.Parameters, Requested.InitialMarginRate);
        return equity >= required
            ? Persist(new CollateralDecreased(p.Id, p.Numbers.NextTransfer(), Requested.Amount, index, Requested.At))
            : Persist(new CollateralDecreaseRefused(p.Id, new Rejection(RejectionCodes.BelowInitialMargin,
                $"Removing {Requested.Amount} leaves equity {Money.Payout(equity)} below the initial margin {Money.Charge(required)}."),
                index, Requested.At));
    }

    public override IEnumerable<PositionOperation> After(PositionState before, IPositionEvent evt) => evt switch
    {
        CollateralDecreased e =>
        [
            new PoolCollateralChange(new AdjustReservedCollateral(Market, before.Id, e.TransferId, -e.Amount, e.At)),
            new AccountTransfer(new CreditFromPosition(Account, e.TransferId, before.Id, e.Amount, e.At)),
        ],
        CollateralDecreaseRefused => [],
        _ => [this],
    };

    public override (RequestId Request, Rejection? Refusal)? Outcome(IPositionEvent evt) => evt switch
    {
        CollateralDecreased => (Requested.RequestId, null),
        CollateralDecreaseRefused e => (Requested.RequestId, e.Reason),
        _ => null,
    };
}
