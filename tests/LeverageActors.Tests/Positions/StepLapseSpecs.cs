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
/// An open still waiting for its account or pool once its price is older than the market's price
/// age (a minute by default) fails rather than go on at that price: the lock is released and any
/// reservation cancelled, as for a refusal; a collateral addition likewise. The actor hands the
/// state its clock; the rule is pure.
/// </summary>
public class StepLapseSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly AccountId Trader = AccountId.From("trader");
    private static readonly PositionId P = PositionId.From("p");
    private static readonly RequestId Open = RequestId.From("open");
    private static readonly TimeSpan PriceAge = TimeSpan.FromSeconds(60);

    private static PositionState Apply(PositionState state, object message) =>
        state.Handle(message).Events.Aggregate(state, (s, e) => s.Apply(e));

    private static PositionState Requested() =>
        Apply(PositionState.Initial(P, MarketCatalog.Default),
            new OpenPosition(P, Trader, Open, Eth, PositionSide.Long, 1_000m, 5m, 2_000m, T0));

    [Fact]
    public void An_open_within_its_price_age_has_not_lapsed_and_a_lapse_note_from_then_changes_nothing()
    {
        var s = Requested();
        Assert.Null(s.Lapse(T0 + PriceAge));
        Assert.Empty(s.Handle(new LapseCheck(T0 + PriceAge)).Events);
    }

    [Fact]
    public void An_open_unanswered_past_its_price_age_fails_open_lapsed_releasing_the_lock_and_cancelling_any_reservation()
    {
        var s = Requested();
        var lapse = Assert.IsType<LapseCheck>(s.Lapse(T0 + PriceAge + TimeSpan.FromSeconds(1)));

        s = Apply(s, lapse);

        Assert.Equal(PositionStatus.Failed, s.Status);
        var refused = Assert.IsType<PositionCommandRejected>(s.ReplyFor(Open));
        Assert.Equal(RejectionCodes.OpenLapsed, refused.Reason.Code);
        Assert.Contains(s.Outbox, m => m is ReleaseCollateral);
        Assert.Contains(s.Outbox, m => m is CancelReservation);
        Assert.DoesNotContain(s.Outbox, m => m is LockCollateral or ReserveLiquidity);
        Assert.Null(s.Lapse(T0.AddDays(1)));
    }

    [Fact]
    public void An_open_whose_lock_was_answered_and_whose_pool_is_asked_lapses_the_same_way()
    {
        var s = Requested();
        // The lock answered: the position asks the pool and records nothing.
        Assert.Empty(s.Handle(new CollateralLockedReply(P, TransferId.Of(P, 1))).Events);

        s = Apply(s, new LapseCheck(T0.AddHours(3)));

        Assert.Equal(PositionStatus.Failed, s.Status);
        Assert.Contains(s.Outbox, m => m is CancelReservation);
        // The pool's late answer then opens nothing.
        Assert.Empty(s.Handle(new LiquidityReservedReply(Eth, P, 1m)).Events);
    }

    [Fact]
    public void An_opened_position_has_no_open_to_lapse()
    {
        var s = Requested();
        s = Apply(s, new LiquidityReservedReply(Eth, P, 1m));
        Assert.Equal(PositionStatus.Open, s.Status);

        Assert.Null(s.Lapse(T0.AddDays(1)));
        Assert.Empty(s.Handle(new LapseCheck(T0.AddDays(1))).Events);
    }

    [Fact]
    public void An_addition_unanswered_past_its_price_age_fails_addition_timed_out_and_releases_any_lock()
    {
        var s = Apply(Requested(), new LiquidityReservedReply(Eth, P, 1m));
        var at = T0.AddMinutes(5);
        var addition = RequestId.From("top-up");
        s = Apply(s, new AddCollateral(P, Trader, addition, 50m, at));
        Assert.IsType<CollateralIncrease>(s.Operations.Last());
        Assert.Null(s.Lapse(at + PriceAge));

        s = Apply(s, Assert.IsType<LapseCheck>(s.Lapse(at + PriceAge + TimeSpan.FromSeconds(1))));

        var refused = Assert.IsType<PositionCommandRejected>(s.ReplyFor(addition));
        Assert.Equal(RejectionCodes.AdditionTimedOut, refused.Reason.Code);
        Assert.Contains(s.Outbox, m => m is ReleaseCollateral);
        Assert.DoesNotContain(s.Operations, o => o is CollateralIncrease);
        Assert.Equal(PositionStatus.Open, s.Status);
    }

    [Fact]
    public void A_new_open_or_addition_already_past_its_price_age_is_refused_before_anything_is_recorded()
    {
        var fresh = PositionState.Initial(P, MarketCatalog.Default);
        var open = new OpenPosition(P, Trader, Open, Eth, PositionSide.Long, 1_000m, 5m, 2_000m, T0);
        Assert.Null(fresh.Late(open, T0 + PriceAge));
        Assert.Equal(RejectionCodes.OpenLapsed, fresh.Late(open, T0 + PriceAge + TimeSpan.FromSeconds(1))!.Reason.Code);
        // A retry of a recorded open is answered from the record, however late.
        Assert.Null(Requested().Late(open, T0.AddDays(1)));

        var opened = Apply(Requested(), new LiquidityReservedReply(Eth, P, 1m));
        var addition = new AddCollateral(P, Trader, RequestId.From("top-up"), 50m, T0);
        Assert.Null(opened.Late(addition, T0 + PriceAge));
        Assert.Equal(RejectionCodes.AdditionTimedOut, opened.Late(addition, T0 + PriceAge + TimeSpan.FromSeconds(1))!.Reason.Code);
        Assert.Null(Apply(opened, addition).Late(addition, T0.AddDays(1)));
    }
}
