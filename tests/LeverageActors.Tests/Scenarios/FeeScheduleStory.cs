using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>
/// README's fee table, worked through once with every fee switched on (issue 18, "Done when"): an LP,
/// a long and a short in ETH-USD at 2,000, a day of borrow interest and funding, a 5% rise, both
/// closed. Price impact 1e-8 charged / 5e-9 rebated per USD² (exponent 2, cap 0.5%), funding 1e-8 a
/// second at full skew, the default fees. Every number below is worked out by hand in README
/// ("Fees, worked through"); the borrow interest from its formula,
/// 0.04 · U / 0.8 a year at U = 117,000 / 1,000,058.5, compounded over 86,400 s.
/// </summary>
public class FeeScheduleStory
{
    private static MarketCatalog AllFeesOn() =>
        new(MarketCatalog.Default.Markets.ToDictionary(kv => kv.Key, kv => kv.Value with
        {
            NegativeImpactFactor = 0.00000001m,
            PositiveImpactFactor = 0.000000005m,
            FundingFactor = 0.00000001m,
        }));

    [Fact]
    public void One_long_and_one_short_pay_every_fee_and_the_books_hold()
    {
        var s = new ExchangeStory(AllFeesOn());
        s.PriceIs(2_000m);
        var lp = s.Funded("lp", 1_000_000m);
        s.Provide(lp, 1_000_000m);
        // LP fee 0.05% of 1,000,000 = 500 stays in the pool; 999,500 buys shares at 1, one locked for good.
        Assert.Equal(999_499m, s.Pool().Shares[lp]);
        Assert.Equal(1_000_000m, s.Pool().Assets);

        // A: 10,000 at 10x long, 100,000 of notional. Opening fee 50 (5 to the protocol); skew 0 → 100,000: 100 of impact pending.
        var a = s.Opens(s.Funded("a", 10_000m), PositionSide.Long, 10_000m, 10m);
        Assert.Equal(9_950m, s.Position(a).Collateral);
        Assert.Equal(90_000m, s.Position(a).Reserved);
        Assert.Equal(100m, s.Position(a).PendingImpact);
        // B: 3,000 at 10x short, 30,000. Opening fee 15 (1.5 to the protocol); skew 100,000 → 70,000 rebates 5e-9 · (100,000² − 70,000²) = 25.5, pending.
        var b = s.Opens(s.Funded("b", 3_000m), PositionSide.Short, 3_000m, 10m);
        Assert.Equal(2_985m, s.Position(b).Collateral);
        Assert.Equal(27_000m, s.Position(b).Reserved);
        Assert.Equal(-25.5m, s.Position(b).PendingImpact);
        Assert.Equal(1_000_058.5m, s.Pool().Assets);
        s.BooksBalance();

        // A day passes; ETH rises 5%. A closes, then B.
        s.Advance(TimeSpan.FromDays(1));
        s.PriceIs(2_100m);
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new ClosePosition(a, s.Position(a).Account, RequestId.New(), s.Price(), s.Now)));
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new ClosePosition(b, s.Position(b).Account, RequestId.New(), s.Price(), s.Now)));
        var sa = s.Pool().Settlements[(a, 1)];
        var sb = s.Pool().Settlements[(b, 1)];

        // A: PnL 50 ETH × 100 = 5,000. Interest 90,000 × (e^(r·1/365) − 1) = 1.442392… up to 1.442393.
        // Funding: the longs pay 1e-8 · 7/13 a second, 86,400 s × 100,000 = 46.523076… up to 46.523077.
        // Closing fee 105,000 × 0.05% = 52.5. Impact: the skew 70,000 → −30,000 rebates 24.5 and charges 9, so 100 − 15.5 = 84.5.
        Assert.Equal(5_000m, sa.Pnl);
        Assert.Equal(1.442393m, sa.Interest);
        Assert.Equal(46.523077m, sa.Funding);
        Assert.Equal(52.5m, sa.CloseFee);
        Assert.Equal(84.5m, sa.Impact);
        Assert.Equal(9_950m + 5_000m - 1.442393m - 46.523077m - 52.5m - 84.5m, sa.Payout);
        Assert.Equal(14_765.03453m, sa.Payout);

        // B: PnL 15 ETH × −100 = −1,500. Interest 27,000 × the same growth = 0.432717… up to 0.432718. Funding
        // received: the shorts' index fell by the longs' total over 30,000, so 46.523076… down to 46.523076.
        // Closing fee 31,500 × 0.05% = 15.75. Impact: −30,000 → 0 rebates 4.5 more, 30 with the pending 25.5 (the impact pool holds 84.5).
        Assert.Equal(-1_500m, sb.Pnl);
        Assert.Equal(0.432718m, sb.Interest);
        Assert.Equal(-46.523076m, sb.Funding);
        Assert.Equal(15.75m, sb.CloseFee);
        Assert.Equal(-30m, sb.Impact);
        Assert.Equal(2_985m - 1_500m + 30m + 46.523076m - 0.432718m - 15.75m, sb.Payout);
        Assert.Equal(1_545.340358m, sb.Payout);

        // The protocol: 10% of the opening and closing fees (5 + 1.5 + 5.25 + 1.575) and of the interest (0.144239 + 0.043271).
        Assert.Equal(5m + 1.5m + 5.25m + 1.575m + 0.144239m + 0.043271m, s.Pool().ProtocolFees);
        Assert.Equal(84.5m - 30m, s.Pool().ImpactPool);
        // The rounding of funding (0.000001) stays with the pool, as does every fee's and the interest's LP part.
        Assert.Equal(0.000001m, sa.Funding + sb.Funding);
        s.BooksBalance();
        var accounts = s.X.Accounts.Sum(x => x.FreeBalance);
        Assert.Equal(1_013_000m, accounts + s.Pool().Assets + s.Pool().ProtocolFees + s.Pool().ImpactPool + s.Pool().InsuranceFund);
    }
}
