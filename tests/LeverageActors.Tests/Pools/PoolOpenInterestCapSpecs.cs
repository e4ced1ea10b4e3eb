using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Pools;

/// <summary>
/// Issue 18, item 4: besides the absolute cap, each side's open interest is at most a share of the
/// pool's value (default one half), so a thin pool cannot be made to back a position it cannot pay
/// (JELLY, POPCAT, dYdX YFI). Told to the pure states the simulator runs (<see cref="ExchangeStory"/>).
/// </summary>
public class PoolOpenInterestCapSpecs
{
    /// <summary>A pool of 100,000: the LP's fee stays in it, so its value is 100,000 and each side may carry 50,000.</summary>
    private static ExchangeStory ThinPool(MarketCatalog? catalog = null)
    {
        var s = new ExchangeStory(catalog);
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 100_000m), 100_000m);
        Assert.Equal(100_000m, s.Pool().Value(null));
        return s;
    }

    [Fact]
    public void A_side_fills_to_half_the_pool_and_no_further_while_the_other_side_has_its_own_half()
    {
        var s = ThinPool();
        var a = s.Funded("a", 10_000m);
        var b = s.Funded("b", 10_000m);

        // 5,000 at 10x: 50,000 of long notional, exactly half the pool.
        var atCap = s.Opens(a, PositionSide.Long, 5_000m, 10m);
        Assert.Equal(50_000m, s.Pool().Longs.Cost);

        // The open's fee lifted the pool to 100,022.5 (the LPs' 22.5 of the 25 fee): half is 50,011.25.
        // 2,000 more of long notional would reach 52,000.
        var refused = Assert.IsType<PositionCommandRejected>(s.TriesToOpen(b, PositionSide.Long, 1_000m, 2m));
        Assert.Equal(RejectionCodes.PoolOpenInterestCap, refused.Reason.Code);
        Assert.Contains("52000", refused.Reason.Message);
        Assert.Equal(10_000m, s.X.Accounts.Single(x => x.Id == b).FreeBalance);

        // The shorts' half is untouched by the longs.
        var shortPosition = s.Opens(b, PositionSide.Short, 4_000m, 10m);

        Assert.Equal(PositionStatus.Open, s.Position(atCap).Status);
        Assert.Equal(PositionStatus.Open, s.Position(shortPosition).Status);
        Assert.Equal(50_000m, s.Pool().Longs.Cost);
        Assert.Equal(40_000m, s.Pool().Shorts.Cost);
        s.BooksBalance();
    }

    [Fact]
    public void Traders_losses_the_pool_has_not_collected_do_not_widen_the_cap()
    {
        var s = ThinPool();
        var a = s.Funded("a", 10_000m);
        var b = s.Funded("b", 10_000m);
        s.Opens(a, PositionSide.Long, 4_000m, 10m);

        // 5% down: the long owes the pool 2,000 and the pool is valued at about 102,018 at this price,
        // half of which (51,009) would admit 11,000 more of longs. Its value without PnL is 100,018
        // (the LPs' 18 of the 20 fee): half is 50,009, and 51,000 of longs is past it.
        s.PriceIs(1_900m);
        Assert.True(s.PoolView().PoolValue > 102_000m);
        var refused = Assert.IsType<PositionCommandRejected>(s.TriesToOpen(b, PositionSide.Long, 1_100m, 10m));

        Assert.Equal(RejectionCodes.PoolOpenInterestCap, refused.Reason.Code);
        Assert.Contains("50009", refused.Reason.Message);
        s.BooksBalance();
    }

    [Fact]
    public void The_cap_follows_the_pool_when_liquidity_leaves()
    {
        var s = ThinPool();
        var lp = AccountId.From("lp");
        var a = s.Funded("a", 10_000m);

        // Half the shares leave: the pool is worth about 50,000 and a side may carry about 25,000.
        s.Redeem(lp, s.Pool().Shares[lp] / 2);
        var value = s.Pool().Value(null);
        Assert.InRange(value, 49_000m, 51_000m);

        var refused = Assert.IsType<PositionCommandRejected>(s.TriesToOpen(a, PositionSide.Long, 3_000m, 10m));
        Assert.Equal(RejectionCodes.PoolOpenInterestCap, refused.Reason.Code);
        Assert.Equal(10_000m, s.X.Accounts.Single(x => x.Id == a).FreeBalance);

        s.Opens(a, PositionSide.Long, 2_000m, 10m);
        Assert.Equal(20_000m, s.Pool().Longs.Cost);
        s.BooksBalance();
    }

    [Fact]
    public void A_market_may_set_its_own_share()
    {
        var wide = new MarketCatalog(MarketCatalog.Default.Markets.ToDictionary(
            kv => kv.Key, kv => kv.Value with { PoolOpenInterestShare = 0.8m }));
        var s = ThinPool(wide);
        var a = s.Funded("a", 10_000m);

        s.Opens(a, PositionSide.Long, 7_000m, 10m);
        // Half of the pool is 50,000, but this market allows 0.8 of 100,031.5: 80,025.2. 81,000 is past it.
        var refused = Assert.IsType<PositionCommandRejected>(s.TriesToOpen(a, PositionSide.Long, 1_100m, 10m));

        Assert.Equal(70_000m, s.Pool().Longs.Cost);
        Assert.Equal(RejectionCodes.PoolOpenInterestCap, refused.Reason.Code);
        s.BooksBalance();
    }

    [Fact]
    public void Unset_the_share_is_one_half_and_is_not_written_with_the_parameters()
    {
        var defaults = new MarketParameters();
        var json = System.Text.Json.JsonSerializer.Serialize(defaults, Messages.Serialization.LeverageJson.Options);

        Assert.Equal(0.5m, defaults.PoolOpenInterestShareInForce());
        Assert.DoesNotContain("poolOpenInterestShare", json);
        Assert.Equal(defaults, System.Text.Json.JsonSerializer.Deserialize<MarketParameters>(json, Messages.Serialization.LeverageJson.Options));
        var set = defaults with { PoolOpenInterestShare = 0.3m };
        var written = System.Text.Json.JsonSerializer.Serialize(set, Messages.Serialization.LeverageJson.Options);
        Assert.Contains("\"poolOpenInterestShare\":0.3", written);
        Assert.Equal(set, System.Text.Json.JsonSerializer.Deserialize<MarketParameters>(written, Messages.Serialization.LeverageJson.Options));
    }
}
