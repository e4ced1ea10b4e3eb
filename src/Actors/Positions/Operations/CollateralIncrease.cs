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

    /// <summary>
    /// How long, from the addition's time to a waiting message's, the position waits for the account
    /// (<see cref="PositionState.Defers"/>). The wait has to end: an account the trader made slow to
    /// recover (a long journal, asleep) would otherwise hold off every liquidation of the position for
    /// as long as it took, the loss past its collateral the pool's.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a message made at <paramref name="at"/> has waited for this addition too long: it is given
    /// up first. A top-up sent while a breach waits for its liquidator (<paramref name="breachAt"/>) has
    /// the patience counted from the breach, so that a breach an addition held off cannot be held off
    /// again as long by the one top-up it allows.
    /// </summary>
    public CollateralAdditionOverdue? Overdue(DateTimeOffset at, DateTimeOffset? breachAt = null) =>
        at - (breachAt is { } breached && breached < Requested.At ? breached : Requested.At) > Patience
            ? new CollateralAdditionOverdue(Requested.TransferId, at)
            : null;

    /// <summary>
    /// Whether the addition, still unanswered at <paramref name="now"/>, is older than its market's
    /// price age: its lock would be decided at marks as old (an account cross margin decides for values
    /// itself at them before the collateral leaves), as after an account out of reach for minutes. It
    /// fails as an overdue one does, its lock released if the account made one.
    /// </summary>
    public bool LapsedAt(PositionState position, DateTimeOffset now) => now - Requested.At > position.PriceAge(position.Market);

    public override bool MovesCollateral => true;

    public override Handling<PositionState, IPositionEvent>? Answer(PositionState position, object reply) => reply switch
    {
        CollateralLockedReply r when r.TransferId == Requested.TransferId =>
            Persist(new CollateralIncreased(position.Id, r.TransferId, Requested.Amount, Requested.At)),
        CollateralLockRefused r when r.TransferId == Requested.TransferId =>
            Persist(new CollateralIncreaseFailed(position.Id, r.TransferId, r.Reason, Requested.At)),
        CollateralAdditionOverdue r when r.TransferId == Requested.TransferId =>
            Persist(new CollateralIncreaseFailed(position.Id, r.TransferId, new Rejection(RejectionCodes.AdditionTimedOut,
                $"The account did not lock {Requested.Amount} within {Patience.TotalSeconds:0} s, while position {position.Id} had a message waiting for it since {r.At:O}; nothing was added."),
                Requested.At)),
        LapseCheck l when LapsedAt(position, l.At) =>
            Persist(new CollateralIncreaseFailed(position.Id, Requested.TransferId, new Rejection(RejectionCodes.AdditionTimedOut,
                $"The account did not lock {Requested.Amount} by {l.At:O}, more than the market's price age of {position.PriceAge(position.Market).TotalSeconds:0} s after the addition ({Requested.At:O}); nothing was added."),
                Requested.At)),
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
