using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Positions.Operations;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Positions;

/// <summary>
/// A position's sagas as operations, driven by hand without actors: each operation sends its
/// message until the reply it expects arrives, that reply becomes the event that completes it,
/// and what completing it leaves to deliver takes its place. Transfer ids come from one counter.
/// </summary>
public class PositionOperationSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly AccountId Trader = AccountId.From("trader");
    private static readonly PositionId P = PositionId.From("p");

    private static TransferId Transfer(int n) => TransferId.Of(P, n);

    /// <summary>Handles <paramref name="message"/> and applies the events it persists.</summary>
    private static PositionState Step(PositionState state, object message)
    {
        var handling = state.Handle(message);
        Assert.NotEmpty(handling.Events);
        return handling.Events.Aggregate(state, (s, e) => s.Apply(e));
    }

    private static PositionState Requested() =>
        Step(PositionState.Initial(P, MarketCatalog.Default),
            new OpenPosition(P, Trader, RequestId.From("open"), Eth, PositionSide.Long, 1_000m, 5m, 2_000m, T0));

    /// <summary>The account's lock answered: the position records nothing and asks the pool (issue 22).</summary>
    private static PositionState Locked(PositionState state)
    {
        var handling = state.Handle(new CollateralLockedReply(P, Transfer(1)));
        Assert.Empty(handling.Events);
        Assert.Equal(EntityKinds.Pool.At(Eth), handling.ReplyTo);
        var reservation = Assert.IsType<ReserveLiquidity>(handling.Reply!(state));
        Assert.Equal((P, 1_000m - 2.5m), (reservation.PositionId, reservation.Collateral));
        return state;
    }

    private static PositionState Opened()
    {
        var s = Locked(Requested());
        s = Step(s, new LiquidityReservedReply(Eth, P, 1m));
        return Step(s, new TransferAcknowledged(P, Transfer(1)));
    }

    [Fact]
    public void An_open_locks_then_reserves_then_commits_the_lock_and_is_done_when_the_account_acknowledges()
    {
        var s = Requested();
        Assert.IsType<Opening>(Assert.Single(s.Operations));
        Assert.Equal(Transfer(1), Assert.IsType<LockCollateral>(Assert.Single(s.Outbox)).TransferId);

        s = Locked(s);
        // Until the pool answers the position asks for the lock again: a restart asks the account, then the pool.
        Assert.Equal(Transfer(1), Assert.IsType<LockCollateral>(Assert.Single(s.Outbox)).TransferId);

        s = Step(s, new LiquidityReservedReply(Eth, P, 1m));
        Assert.Equal(PositionStatus.Open, s.Status);
        Assert.IsType<AccountTransfer>(Assert.Single(s.Operations));
        Assert.Equal(Transfer(1), Assert.IsType<CommitCollateral>(Assert.Single(s.Outbox)).TransferId);
        Assert.IsType<PositionCommandAccepted>(s.ReplyFor(RequestId.From("open")));

        s = Step(s, new TransferAcknowledged(P, Transfer(1)));
        Assert.Empty(s.Operations);
        Assert.Empty(s.Outbox);
    }

    [Fact]
    public void An_open_the_pool_refuses_releases_the_lock_and_cancels_the_reservation_and_each_acknowledgement_ends_its_own()
    {
        var s = Locked(Requested());
        var refused = s.Handle(new ReservationRejected(Eth, P, new Rejection(RejectionCodes.InsufficientLiquidity, "no room")));
        // The lock is recorded with the failure, so both are undone.
        Assert.Collection(refused.Events, e => Assert.IsType<OpenCollateralLocked>(e), e => Assert.IsType<PositionOpenFailed>(e));
        s = refused.Events.Aggregate(s, (state, e) => state.Apply(e));

        Assert.Equal(PositionStatus.Failed, s.Status);
        Assert.Collection(s.Outbox,
            m => Assert.Equal(Transfer(1), Assert.IsType<ReleaseCollateral>(m).TransferId),
            m => Assert.IsType<CancelReservation>(m));

        s = Step(s, new ReservationCancelledReply(Eth, P));
        Assert.IsType<ReleaseCollateral>(Assert.Single(s.Outbox));
        s = Step(s, new TransferAcknowledged(P, Transfer(1)));
        Assert.Empty(s.Operations);
    }

    /// <summary>
    /// A read-only review: a refusal of the lock from an account's earlier incarnation, arriving after
    /// a retry's lock was answered and the pool asked (which the position does not record), failed the
    /// open and released the lock only; the reservation the pool made stayed in its books for good,
    /// its fee counted, with nothing to cancel it. Every failed open now cancels the reservation.
    /// </summary>
    [Fact]
    public void A_stale_lock_refusal_after_the_pool_was_asked_cancels_the_reservation_too()
    {
        var s = Locked(Requested());
        var refused = s.Handle(new CollateralLockRefused(P, Transfer(1), new Rejection(RejectionCodes.InsufficientBalance, "held meanwhile")));
        Assert.IsType<PositionOpenFailed>(Assert.Single(refused.Events));
        s = refused.Events.Aggregate(s, (state, e) => state.Apply(e));

        Assert.Equal(PositionStatus.Failed, s.Status);
        Assert.Collection(s.Outbox,
            m => Assert.Equal(Transfer(1), Assert.IsType<ReleaseCollateral>(m).TransferId),
            m => Assert.Equal(P, Assert.IsType<CancelReservation>(m).PositionId));
        Assert.Empty(s.Handle(new LiquidityReservedReply(Eth, P, 1m)).Events);
    }

    [Fact]
    public void A_position_restarted_after_asking_the_pool_opens_on_the_pools_answer_before_the_lock_is_answered_again()
    {
        // Only an open whose lock was answered asks the pool, so the pool's answer proves the lock.
        var s = Step(Requested(), new LiquidityReservedReply(Eth, P, 1m));

        Assert.Equal(PositionStatus.Open, s.Status);
        Assert.Equal(Transfer(1), Assert.IsType<CommitCollateral>(Assert.Single(s.Outbox)).TransferId);
        Assert.Empty(s.Handle(new CollateralLockedReply(P, Transfer(1))).Events);
    }

    [Fact]
    public void A_reply_no_operation_expects_changes_nothing()
    {
        var s = Requested();

        Assert.Empty(s.Handle(new ReservationCancelledReply(Eth, P)).Events);
        Assert.Empty(s.Handle(new CollateralLockedReply(P, Transfer(2))).Events);
        Assert.Empty(s.Handle(new TransferAcknowledged(P, Transfer(1))).Events);
    }

    [Fact]
    public void Transfer_ids_follow_one_another_across_operations_whatever_the_operation()
    {
        var s = Step(Opened(), new AddCollateral(P, Trader, RequestId.From("add"), 100m, T0));
        Assert.Equal(Transfer(2), Assert.IsType<CollateralIncrease>(Assert.Single(s.Operations)).Requested.TransferId);

        s = Step(s, new CollateralLockedReply(P, Transfer(2)));
        Assert.Collection(s.Outbox,
            m => Assert.Equal(Transfer(2), Assert.IsType<CommitCollateral>(m).TransferId),
            m => Assert.Equal(100m, Assert.IsType<AdjustReservedCollateral>(m).Delta));

        s = Step(s, new ClosePosition(P, Trader, RequestId.From("close"), 2_000m, T0));
        var settling = s.Operation<Settling>()!;
        Assert.Equal(1, settling.Requested.Number);
        s = Step(s, new PositionSettledReply(Eth, P, 1, new Settlement(1_097.5m, 0, 0, 5m, 0, 0, 1_092.5m, 5m, 0, 0, 0, 0, 0)));

        Assert.Equal(PositionStatus.Closed, s.Status);
        Assert.Equal(3, s.Numbers.Transfers);
        // Account transfers by id, then the pool's collateral change still unacknowledged.
        Assert.Equal(new[] { Transfer(2), Transfer(3) }, s.Outbox.OfType<IAccountTransferCommand>().Select(t => t.TransferId));
        Assert.IsType<AdjustReservedCollateral>(s.Outbox[^1]);
    }
}
