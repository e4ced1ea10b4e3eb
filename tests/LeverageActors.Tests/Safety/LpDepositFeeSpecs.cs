using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Pools;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// The LP fee stays with the LPs who were in the pool (README, fees). Shares priced at the pool's
/// value before the fee joined it gave a deposit part of its own fee back, the more the larger it
/// was against the pool: 9,000,000 into 1,000,000 recovered about 90% of its 4,500.
/// </summary>
public class LpDepositFeeSpecs
{
    private const decimal FeeRate = 0.0005m;

    [Fact]
    public void A_deposit_much_larger_than_the_pool_keeps_none_of_its_own_fee()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        var lp = s.Funded("lp", 1_000_000m);
        s.Provide(lp, 1_000_000m);
        var lpBefore = Worth(s, s.Pool().Shares[lp]);
        var whale = s.Funded("whale", 9_000_000m);

        var bought = Assert.IsType<LiquidityRequestCompleted>(s.Provide(whale, 9_000_000m));

        var fee = Money.Charge(9_000_000m * FeeRate);
        var worth = Worth(s, bought.Shares);
        Assert.InRange(worth, 9_000_000m - fee - 0.01m, 9_000_000m - fee);
        Assert.True(Worth(s, s.Pool().Shares[lp]) - lpBefore >= fee * 0.999m,
            $"the LP in the pool gained {Worth(s, s.Pool().Shares[lp]) - lpBefore} of the {fee} fee");
        s.BooksBalance();
    }

    [Fact]
    public void Depositing_and_redeeming_at_once_costs_both_fees_in_full()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var whale = s.Funded("whale", 9_000_000m);

        var bought = Assert.IsType<LiquidityRequestCompleted>(s.Provide(whale, 9_000_000m));
        Assert.IsType<LiquidityRequestCompleted>(s.Redeem(whale, bought.Shares));

        var paidIn = Money.Charge(9_000_000m * FeeRate);
        var back = s.X.Accounts.Single(a => a.Id == whale).FreeBalance;
        var paidOut = Money.Charge((9_000_000m - paidIn) * FeeRate);
        Assert.InRange(9_000_000m - back, paidIn + paidOut - 0.01m, paidIn + paidOut + 0.01m);
        s.BooksBalance();
    }

    /// <summary>
    /// The audit decides a deposit by the rule its event records, so a node that left the mark out
    /// would mint by the older, more generous rule: once a pool's deposit is marked, every later one
    /// must be (a review's finding).
    /// </summary>
    [Fact]
    public void A_deposit_by_the_older_rule_after_the_pool_priced_one_with_its_fee_is_caught_by_the_audit()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        s.Provide(s.Funded("second", 1_000_000m), 1_000_000m);
        s.Provide(s.Funded("third", 9_000_000m), 9_000_000m);
        var journal = AuditedJournal.LastDepositDecidedBy(s, (pool, deposit) => Actors.Pools.LiquidityRequests.Add(pool, deposit, pricedWithFee: false));

        var violations = AuditedJournal.Of(journal).Violations;

        Assert.Contains(violations, v => v is { Rule: "lp-shares", Found: "priced without it" });
        Assert.DoesNotContain(violations, v => v.Rule == "lp-shares" && v.Found != "priced without it");
    }

    private static decimal Worth(ExchangeStory s, decimal shares)
    {
        var pool = s.PoolView();
        return shares * pool.PoolValue / pool.TotalShares;
    }
}
