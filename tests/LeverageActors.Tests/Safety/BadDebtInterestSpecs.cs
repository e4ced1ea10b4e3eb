using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// Finding 6 of the money-safety review: the shortfall of an underwater position was −(collateral +
/// PnL), so the interest it owed vanished unrecorded although the pool's value had counted it while
/// it accrued. It is now part of the shortfall, recorded as <c>UnpaidInterest</c>, and covered by
/// insurance or borne by the LPs as bad debt like the rest. The closing fee and the penalty of an
/// underwater position are waived.
/// </summary>
public class BadDebtInterestSpecs
{
    [Fact]
    public void Thirty_days_of_interest_at_high_utilization_are_part_of_the_bad_debt()
    {
        // One long of the whole pool's size, to reach 90% utilization: the pool-share cap on open interest
        // (half the pool a side) is lifted for this story.
        var s = new ExchangeStory(TestMarkets.WithoutPoolOpenInterestShare);
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 100_000m), 100_000m);
        var trader = s.Funded("trader", 10_000m);
        // Notional 100,000, reserved 90,000 of 100,045 (the LP's 100,000 with its 0.05% fee kept in the
        // pool, and the LPs' 45 of the 50 opening fee): utilization 0.8995951…, a borrow rate of
        // 0.04 + 0.75 × (0.8995951… − 0.8) / 0.2 = 41.348193…% a year.
        var p = s.Opens(trader, PositionSide.Long, 10_000m, 10m);
        var indexAtOpen = s.Position(p).BorrowIndexAtOpen;

        s.Advance(TimeSpan.FromDays(30));
        s.PriceIs(1_780m);
        var interestDue = BorrowRateModel.InterestOwed(90_000m, indexAtOpen, s.Pool().AccruedTo(s.Now).BorrowIndex);
        s.Check(p);
        s.Liquidate(p, AccountId.From("liquidator"));

        // 50 ETH, 220 down each: 11,000 against 9,950 of collateral, 1,050 short before interest.
        var settled = s.Pool().Settlements[(p, 1)];
        // Compounded continuously over 30 days: 90,000 × (e^(0.41348193… × 30/365) − 1)
        // = 90,000 × (e^0.0339848164… − 1) = 3,111.2008335…, charged (rounded up): 3,111.200834.
        Assert.Equal(3_111.200834m, interestDue);
        Assert.Equal(interestDue, settled.UnpaidInterest);
        Assert.Equal(1_050m + interestDue, settled.Shortfall);
        Assert.Equal(1_050m + interestDue, s.PoolView().BadDebt); // no insurance fund yet
        Assert.Equal(0m, settled.CloseFee);
        Assert.Equal(0m, settled.Penalty);
        Assert.Equal(0m, settled.Payout);
        Assert.Equal(9_950m, settled.ToPool);
        Assert.Equal(PositionStatus.Liquidated, s.Position(p).Status);
        s.BooksBalance();
    }
}
