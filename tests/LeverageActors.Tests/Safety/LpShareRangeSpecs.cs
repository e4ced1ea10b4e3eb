using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// A pool whose share price collapsed mints shares by the 10^17 and more; a deposit whose share
/// arithmetic then leaves decimal's range is refused for good, naming why. Before, the
/// pool's decision threw: the actor restarted, the request was lost, and each retry of it met the
/// same failure (last notes: "LP arithmetic past ~7.9e16 shares").
/// </summary>
public class LpShareRangeSpecs
{
    private const decimal Collapsed = 1e23m;

    [Fact]
    public void A_deposit_past_the_range_of_a_collapsed_pools_shares_is_refused_for_good()
    {
        var (s, pool, _) = CollapsedPool();

        var decided = pool.Handle(new AddLiquidity(pool.Market, s.Funded("whale", 1m), RequestId.From("big"), 1_000_000_000_000m, 2_000m, s.Now));

        var refused = Assert.IsType<LiquidityRequestRefused>(Assert.Single(decided.Events));
        Assert.Equal(RejectionCodes.InvalidAmount, refused.Reason.Code);
        Assert.Contains("too large", refused.Reason.Message);
    }

    [Fact]
    public void A_smaller_deposit_into_the_same_pool_still_mints()
    {
        var (s, pool, _) = CollapsedPool();

        var decided = pool.Handle(new AddLiquidity(pool.Market, s.Funded("small", 1m), RequestId.From("small"), 100_000m, 2_000m, s.Now));

        Assert.True(Assert.IsType<LiquidityAdded>(Assert.Single(decided.Events)).Shares > Collapsed / 100m);
    }

    /// <summary>
    /// Review of 73cec73 (CONFIRMED): a redemption was capped at 10^12 shares, money's ceiling, so the
    /// 10^22 shares a deposit of 100,000 mints here paid 0.00001 a request, the deposit frozen.
    /// </summary>
    [Fact]
    public void A_holding_minted_in_a_collapsed_pool_is_redeemed_in_one_request()
    {
        var (s, pool, _) = CollapsedPool();
        var small = s.Funded("small", 1m);
        foreach (var evt in pool.Handle(new AddLiquidity(pool.Market, small, RequestId.From("small"), 100_000m, 2_000m, s.Now)).Events)
            pool = pool.Apply(evt);

        var back = pool.Handle(new RemoveLiquidity(pool.Market, small, RequestId.From("back"), pool.Shares[small], 2_000m, s.Now));

        Assert.InRange(Assert.IsType<LiquidityRemoved>(Assert.Single(back.Events)).Amount, 99_000m, 100_000m);
    }

    [Fact]
    public void A_redemption_whose_arithmetic_leaves_the_range_is_refused_for_good()
    {
        var (s, pool, holder) = CollapsedPool();

        var all = pool.Handle(new RemoveLiquidity(pool.Market, holder, RequestId.From("all"), pool.Shares[holder], 2_000m, s.Now));

        Assert.Contains("too large", Assert.IsType<LiquidityRequestRefused>(Assert.Single(all.Events)).Reason.Message);
    }

    /// <summary>A pool of a million with 10^23 shares in one provider's hands: a share price of 10^-17.</summary>
    private static (ExchangeStory Story, Actors.Pools.PoolState Pool, AccountId Holder) CollapsedPool()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        var lp = s.Funded("lp", 1_000_000m);
        s.Provide(lp, 1_000_000m);
        var pool = s.Pool();
        pool = pool.Apply(new LiquidityAdded(pool.Market, lp, RequestId.From("collapse"), 1m, Collapsed, 2_000m, s.Now, 0m, 0m));
        return (s, pool, lp);
    }
}
