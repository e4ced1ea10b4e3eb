using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// Collateral added: the account locks it; once locked the position holds it, the lock is
/// committed and the pool books it against the reservation. Refused, the lock is released.
/// </summary>
public sealed record CollateralIncrease(CollateralIncreaseRequested Requested, AccountId Account) : PositionOperation
{
    public static Handling<PositionState, IPositionEvent> Decide(PositionState p, AddCollateral a) =>
        AmountRules.Check(a.Amount) is { } invalid
            ? Refuse(p, a.RequestId, invalid)
            : Begin(a.RequestId, new CollateralIncreaseRequested(p.Id, a.RequestId, p.Numbers.NextTransfer(), a.Amount, a.At) { Marks = a.Marks });

    /// <summary>With the marks it was asked at (none once recovered): an account cross margin decides for values itself at them before the collateral leaves.</summary>
    public override object? Message => new LockCollateral(Account, Requested.TransferId, Requested.PositionId, Requested.Amount, Requested.At)
    {
        Marks = Requested.Marks,
    };

    public override RequestId? Request => Requested.RequestId;

    public override bool MovesCollateral => true;

    public override Handling<PositionState, IPositionEvent>? Answer(PositionState position, object reply) => reply switch
    {
        CollateralLockedReply r when r.TransferId == Requested.TransferId =>
            Persist(new CollateralIncreased(position.Id, r.TransferId, Requested.Amount, Requested.At)),
        CollateralLockRefused r when r.TransferId == Requested.TransferId =>
            Persist(new CollateralIncreaseFailed(position.Id, r.TransferId, r.Reason, Requested.At)),
        _ => null,
    };

    public override IEnumerable<PositionOperation> After(PositionState before, IPositionEvent evt) => evt switch
    {
        CollateralIncreased e =>
        [
            new AccountTransfer(new CommitCollateral(Account, e.TransferId, before.Id, e.At)),
            new PoolCollateralChange(new AdjustReservedCollateral(before.Market, before.Id, e.TransferId, e.Amount, e.At)),
        ],
        CollateralIncreaseFailed e => [new AccountTransfer(new ReleaseCollateral(Account, e.TransferId, before.Id, e.At))],
        _ => [this],
    };

    public override (RequestId Request, Rejection? Refusal)? Outcome(IPositionEvent evt) => evt switch
    {
        CollateralIncreased => (Requested.RequestId, null),
        CollateralIncreaseFailed e => (Requested.RequestId, e.Reason),
        _ => null,
    };
}
