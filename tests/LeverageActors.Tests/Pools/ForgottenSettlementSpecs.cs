using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Pools;

/// <summary>
/// The pool keeps its answer to a settlement only until the position has recorded it: forgotten,
/// a late copy of the request is refused and never settled again, and forgetting moves no money.
/// </summary>
public class ForgottenSettlementSpecs
{
    private static readonly DateTimeOffset Later = ExchangeStory.T0.AddDays(2);
    private static readonly MarketId Eth = ExchangeStory.Eth;
    private static readonly PositionId P = PositionId.From("p");

    /// <summary>A 10× long of 1,000 at 2,000, 40% of it closed at 2,100 two days later (settlement 1).</summary>
    private static InProcessExchange Decreased()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 1_000_000m);
        s.Opens(trader, PositionSide.Long, 1_000m, 10m, P.Value);
        s.Advance(Later - ExchangeStory.T0);
        s.PriceIs(2_100m);
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new DecreasePosition(P, trader, RequestId.New(), 0.4m, 2_100m, s.Now)));
        return s.X;
    }

    /// <summary>The request the position sent for settlement 1, as a late copy would repeat it.</summary>
    private static SettlePosition FirstSettlement() =>
        new(Eth, P, 1, 0.4m, 398m, 2_100m, false, Later);

    private static PoolState Applied(PoolState pool, IReadOnlyList<IPoolEvent> events) => events.Aggregate(pool, (p, e) => p.Apply(e));

    [Fact]
    public void A_late_copy_of_a_settlement_whose_answer_was_forgotten_is_refused_and_settles_nothing()
    {
        var pool = Decreased().Pools.Single();
        var kept = pool.Handle(FirstSettlement());
        Assert.Empty(kept.Events);
        Assert.Equal(pool.Settlements[(P, 1)], Assert.IsType<PositionSettledReply>(kept.Reply!(pool)).Settlement);

        var forgetting = pool.Handle(new SettlementsRecorded(Eth, [new SettlementKey(P, 1)]));
        var forgotten = Applied(pool, forgetting.Events);
        var late = forgotten.Handle(FirstSettlement());

        Assert.IsType<SettlementsForgotten>(Assert.Single(forgetting.Events));
        Assert.False(forgotten.Settlements.ContainsKey((P, 1)));
        Assert.Empty(late.Events);
        Assert.Equal(RejectionCodes.SettlementRecorded, Assert.IsType<PoolCommandRejected>(late.Reply!(forgotten)).Reason.Code);
        Assert.Equal(pool.Reservations[P], forgotten.Reservations[P]);
    }

    [Fact]
    public void Forgetting_at_the_time_the_pool_accrued_to_moves_no_money_now_or_later()
    {
        var pool = Decreased().Pools.Single();
        var forgetting = Assert.IsType<SettlementsForgotten>(Assert.Single(pool.Handle(new SettlementsRecorded(Eth, [new SettlementKey(P, 1)])).Events));
        var forgotten = pool.Apply(forgetting);
        var aMonthOn = Later.AddDays(30);

        Assert.Equal(pool.Borrowing.LastAccrual, forgetting.At);
        Assert.Equal(Figures(pool), Figures(forgotten));
        // Interest compounds at each accrual point: a forget at any later time would change the month's.
        Assert.Equal(Figures(pool.AccruedTo(aMonthOn)), Figures(forgotten.AccruedTo(aMonthOn)));
    }

    [Fact]
    public void The_risk_indexs_fold_of_the_pool_sees_the_forgetting_and_stays_the_pools()
    {
        var x = Decreased();
        var pool = x.Pools.Single();
        var forgetting = pool.Handle(new SettlementsRecorded(Eth, [new SettlementKey(P, 1)])).Events.Single();
        var follower = x.Journal.Select(e => e.Event).OfType<IPoolEvent>().Append(forgetting).Aggregate(Borrowing.Initial, (b, e) => b.Apply(e));
        var funding = x.Journal.Select(e => e.Event).OfType<IPoolEvent>().Append(forgetting).Aggregate(Funding.Initial, (f, e) => f.Apply(e));
        var forgotten = pool.Apply(forgetting);

        Assert.Equal((forgotten.BorrowIndex, forgotten.Assets, forgotten.Reserved, forgotten.Borrowing.LastAccrual),
            (follower.BorrowIndex, follower.Assets, follower.Reserved, follower.LastAccrual));
        Assert.Equal((forgotten.Funding.LongIndex, forgotten.Funding.ShortIndex, forgotten.Funding.LastAccrual),
            (funding.LongIndex, funding.ShortIndex, funding.LastAccrual));
    }

    private static (decimal, decimal, decimal, decimal, decimal, decimal, decimal) Figures(PoolState p) =>
        (p.BorrowIndex, p.Assets, p.Reserved, p.InsuranceFund, p.ProtocolFees, p.Funding.LongIndex, p.Funding.ShortIndex);

    [Fact]
    public void Only_answers_the_pool_still_keeps_are_forgotten_and_nothing_is_written_when_none_are()
    {
        var pool = Decreased().Pools.Single();
        var unknown = new SettlementKey(PositionId.From("never"), 1);

        var forgetting = pool.Handle(new SettlementsRecorded(Eth, [unknown, new SettlementKey(P, 1), new SettlementKey(P, 1)]));
        var forgotten = Applied(pool, forgetting.Events);

        Assert.Equal([new SettlementKey(P, 1)], Assert.IsType<SettlementsForgotten>(Assert.Single(forgetting.Events)).Settlements);
        Assert.Empty(forgotten.Handle(new SettlementsRecorded(Eth, [unknown, new SettlementKey(P, 1)])).Events);
    }

    [Fact]
    public void A_new_settlement_after_a_forgotten_one_is_made()
    {
        var x = Decreased();
        var pool = x.Pools.Single();
        var forgotten = Applied(pool, pool.Handle(new SettlementsRecorded(Eth, [new SettlementKey(P, 1)])).Events);

        var close = forgotten.Handle(new SettlePosition(Eth, P, 2, 1m, x.Positions.Single().Collateral, 2_050m, false, Later));

        Assert.Equal(2, Assert.IsType<PositionSettled>(Assert.Single(close.Events)).Number);
    }
}
