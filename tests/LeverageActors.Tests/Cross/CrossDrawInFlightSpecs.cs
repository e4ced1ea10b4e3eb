using LeverageActors.Actors.Accounts;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// A cross close draws from USD what its pool may take until the pool pays back. A lock or a cross
/// open's fee that only that USD in flight stands in the way of waits for it, unanswered (its
/// position asks again each second), instead of failing for money on its way back: else an open
/// waiting for its next price would fail exactly when that price fired the account's own stop on
/// a cross position. Once the settlement is in, it is judged as any other, the loss taken.
/// </summary>
public sealed class CrossDrawInFlightSpecs
{
    private static readonly DateTimeOffset T0 = ExchangeStory.T0;
    private static readonly AccountId Id = AccountId.From("d");
    private static readonly PositionId Cross = PositionId.From("x1");
    private static readonly PositionId Isolated = PositionId.From("i1");
    private static readonly TransferId Draw = TransferId.Of(Cross, 2);

    /// <summary>USD 1,000; a cross ETH long whose close drew 600 of it, not settled yet: 400 free.</summary>
    private static AccountState Drawing()
    {
        var terms = new CrossTerms(MarketId.From("ETH-USD"), PositionSide.Long, 1m, 2_000m, 1_800m, 0.0005m, 0.02m, 0.01m);
        var open = TransferId.Of(Cross, 1);
        return AccountState.Initial(Id)
            .Apply(new AccountOpened(Id, RequestId.From("o"), T0))
            .Apply(new FundsDeposited(Id, RequestId.From("d"), 1_000m, T0))
            .Apply(new CrossPositionAdmitted(Id, open, Cross, terms, 0m, [], 0m, 0m, T0))
            .Apply(new CrossPositionConfirmed(Id, open, Cross, 0m, 1m, T0))
            .Apply(new CrossMarginDrawn(Id, Draw, Cross, 600m, T0));
    }

    private static LockCollateral Lock(decimal amount) => new(Id, TransferId.Of(Isolated, 1), Isolated, amount, T0.AddSeconds(1));

    private static AccountState Settled(decimal payout) =>
        Drawing().Apply(new CrossPositionSettled(Id, Draw, Cross, 1m, payout, T0.AddSeconds(2)));

    [Fact]
    public void A_lock_short_only_by_the_USD_in_flight_is_left_unanswered_and_locks_once_it_is_back()
    {
        var waiting = Drawing().Handle(Lock(900m));
        Assert.Empty(waiting.Events);
        Assert.Null(waiting.Reply);

        var locked = Settled(600m).Handle(Lock(900m));
        var evt = Assert.IsType<CollateralLocked>(Assert.Single(locked.Events));
        Assert.Equal(900m, evt.Amount);
    }

    [Fact]
    public void A_lock_the_settlement_s_loss_leaves_short_is_refused_once_it_is_in()
    {
        // 600 drawn, 450 paid back: a loss of 150 leaves 850.
        var refused = Settled(450m).Handle(Lock(900m));
        Assert.Empty(refused.Events);
        Assert.Equal(RejectionCodes.InsufficientBalance,
            Assert.IsType<CollateralLockRefused>(refused.Reply!(Settled(450m))).Reason.Code);
    }

    [Fact]
    public void A_lock_beyond_the_USD_in_flight_too_is_refused_at_once()
    {
        var refused = Drawing().Handle(Lock(1_000.01m));
        Assert.Equal(RejectionCodes.InsufficientBalance,
            Assert.IsType<CollateralLockRefused>(refused.Reply!(Drawing())).Reason.Code);
    }

    [Fact]
    public void A_cross_open_s_fee_short_only_by_the_USD_in_flight_is_left_unanswered()
    {
        var other = PositionId.From("x2");
        var terms = new CrossTerms(MarketId.From("ETH-USD"), PositionSide.Long, 0.1m, 2_000m, 180m, 0.0005m, 0.02m, 0.01m);
        var admit = new AdmitCrossPosition(Id, TransferId.Of(other, 1), other, terms, 500m, [], T0.AddSeconds(1));

        var waiting = Drawing().Handle(admit);
        Assert.Empty(waiting.Events);
        Assert.Null(waiting.Reply);
        Assert.Equal(RejectionCodes.InsufficientBalance,
            Assert.IsType<CollateralLockRefused>(Drawing().Handle(admit with { OpenFee = 1_000.01m }).Reply!(Drawing())).Reason.Code);
    }
}
