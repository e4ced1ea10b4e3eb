using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// The open: the account locks the collateral (transfer <see cref="Transfer"/>), then the pool
/// reserves liquidity. Opened, the lock is committed; failed, it is released and a reservation
/// the pool made is cancelled. A cross open asks the account to admit it against its cross equity
/// instead of locking (the account holds the opening fee alone) and confirms it with the borrow
/// index the pool reserved at; the position holds no collateral.
/// </summary>
public sealed record Opening(PositionOpenRequested Requested, TransferId Transfer, bool CollateralLocked = false) : PositionOperation
{
    public override object? Message => CollateralLocked
        ? Reservation
        : Requested.Cross
            ? new AdmitCrossPosition(Requested.AccountId, Transfer, Requested.PositionId, Terms(Requested), Requested.OpenFee, Requested.Marks ?? [], Requested.At)
            : new LockCollateral(Requested.AccountId, Transfer, Requested.PositionId, Requested.Collateral, Requested.At) { Marks = Requested.Marks };

    /// <summary>What a cross open's account records of it.</summary>
    public static CrossTerms Terms(PositionOpenRequested r) =>
        new(r.Market, r.Side, r.Quantity, r.EntryPrice, r.Reserved, r.Parameters.CloseFeeRate, r.Parameters.InitialMarginRate, r.Parameters.MaintenanceMarginRate);

    /// <summary>What the position holds once open: the collateral less the fee, or nothing for a cross position.</summary>
    private decimal Held => Requested.Cross ? 0m : Requested.Collateral - Requested.OpenFee;

    private ReserveLiquidity Reservation => new(Requested.Market, Requested.PositionId, Requested.Side, Requested.Quantity, Requested.EntryPrice,
        Held, Requested.Reserved, Requested.OpenFee, Requested.At);

    /// <summary>
    /// The lock is the account's event, so the position asks the pool at once and records nothing:
    /// one event and one write fewer on every open (issue 22). A restart before the pool answers
    /// asks the account again (answered from its holds) and then the pool (answered from its book).
    /// A refused reservation records the lock with the failure, so the failure undoes both: the lock,
    /// and any reservation a repeated request made meanwhile. (Journals written before record the
    /// lock when it was answered; both read the same.)
    /// </summary>
    public override Handling<PositionState, IPositionEvent>? Answer(PositionState position, object reply) => reply switch
    {
        CollateralLockedReply r when !CollateralLocked && r.TransferId == Transfer =>
            Handling<PositionState, IPositionEvent>.Tell(EntityKinds.Pool.At(Requested.Market), Reservation),
        CollateralLockRefused r when !CollateralLocked && r.TransferId == Transfer => Failed(position, r.Reason),
        LiquidityReservedReply r =>
            Persist(new PositionOpened(position.Id, Held, r.BorrowIndex, Requested.At)
            {
                Impact = r.Impact,
                FundingIndex = r.FundingIndex,
                FundingFactor = r.FundingFactor,
            }),
        LapseCheck l when LapsedAt(position, l.At) => Failed(position, new Rejection(RejectionCodes.OpenLapsed,
            $"Position {position.Id}'s open at {Requested.EntryPrice} ({Requested.At:O}) had no answer from its account or pool by {l.At:O}, " +
            $"more than the market's price age of {PriceAge(position).TotalSeconds:0} s later; nothing was opened.")),
        ReservationRejected r when CollateralLocked => Failed(position, r.Reason),
        ReservationRejected r => Handling<PositionState, IPositionEvent>.Persist(
            new OpenCollateralLocked(position.Id, Requested.At), new PositionOpenFailed(position.Id, r.Reason, Requested.At)),
        _ => null,
    };

    /// <summary>
    /// Whether the open, still unanswered at <paramref name="now"/>, is older than its market's price
    /// age: carried out now it would open at a price the oracle itself no longer counts as fresh, and
    /// take a lock or an admission at marks as old. That is what a cluster outage, or an account or pool
    /// out of reach for minutes, would otherwise leave: the open resumed at an hours-old price, a free
    /// option on the move since at the pool's cost (the account and the pool have no clock to see it).
    /// Failed, its lock is released and any reservation cancelled, as for a refusal.
    /// </summary>
    public bool LapsedAt(PositionState position, DateTimeOffset now) => now - Requested.At > PriceAge(position);

    private TimeSpan PriceAge(PositionState position) => position.PriceAge(Requested.Market);

    public override IEnumerable<PositionOperation> After(PositionState before, IPositionEvent evt) => evt switch
    {
        OpenCollateralLocked => [this with { CollateralLocked = true }],
        PositionOpened e => Requested.Cross
            ? [new AccountTransfer(new ConfirmCrossPosition(Requested.AccountId, Transfer, Requested.PositionId, e.BorrowIndex, e.At) { FundingIndex = e.FundingIndex })]
            : [new AccountTransfer(new CommitCollateral(Requested.AccountId, Transfer, Requested.PositionId, e.At))],
        // Cancelled whichever answer failed it (since the mark): a refusal of the lock from an account's earlier
        // incarnation can arrive after a retry's lock was answered and the pool asked, which nothing
        // recorded, and the reservation made then would stay in the pool's books for good (review).
        // Sent after any reservation, it reaches the pool after it; a pool that made none keeps the
        // cancellation, so a reservation still on its way is refused.
        PositionOpenFailed e => CollateralLocked || e.CancelsReservation
            ? [new AccountTransfer(new ReleaseCollateral(Requested.AccountId, Transfer, Requested.PositionId, e.At)),
                new ReservationCancellation(new CancelReservation(Requested.Market, Requested.PositionId, e.At))]
            : [new AccountTransfer(new ReleaseCollateral(Requested.AccountId, Transfer, Requested.PositionId, e.At))],
        _ => [this],
    };

    public override (RequestId Request, Rejection? Refusal)? Outcome(IPositionEvent evt) => evt switch
    {
        PositionOpened => (Requested.RequestId, null),
        PositionOpenFailed e => (Requested.RequestId, e.Reason),
        _ => null,
    };

    private Handling<PositionState, IPositionEvent> Failed(PositionState position, Rejection reason) =>
        Persist(new PositionOpenFailed(position.Id, reason, Requested.At) { CancelsReservation = true });
}
