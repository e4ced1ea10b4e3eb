using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Pools;

/// <summary>
/// Issue 18, item 2: price impact on the open-interest skew (GMX v2), pending from the open to the
/// close (GMX v2.2), a rebate bounded by the impact pool the charges fill. Told to the pure states
/// the simulator runs (<see cref="ExchangeStory"/>), with impact switched on: charged 1e-8 and
/// rebated 5e-9 per USD², exponent 2, at most 0.5% of the closed notional.
/// </summary>
public class PriceImpactSpecs
{
    public static MarketCatalog WithImpact(decimal charged = 0.00000001m, decimal rebated = 0.000000005m, decimal? cap = null) =>
        new(MarketCatalog.Default.Markets.ToDictionary(kv => kv.Key, kv => kv.Value with
        {
            NegativeImpactFactor = charged,
            PositiveImpactFactor = rebated,
            MaxImpactFactor = cap,
        }));

    private static ExchangeStory Pool()
    {
        var s = new ExchangeStory(WithImpact());
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        return s;
    }

    private static PositionId Closes(ExchangeStory s, PositionId id) =>
        s.X.Send(new ClosePosition(id, s.Position(id).Account, RequestId.New(), s.Price(), s.Now)) is PositionCommandAccepted
            ? id
            : throw new ScenarioStepRefused($"close of {id} was refused");

    [Fact]
    public void Impact_and_rebate_on_a_skewing_and_a_balancing_trade_with_the_impact_pool_balancing_the_books()
    {
        var s = Pool();
        var a = s.Funded("a", 20_000m);
        var b = s.Funded("b", 20_000m);

        // A skews the market: 10,000 at 10x long is 100,000 of longs. Skew 0 → 100,000: 1e-8 · 100,000² = 100 owed, pending.
        var along = s.Opens(a, PositionSide.Long, 10_000m, 10m);
        Assert.Equal(100m, s.Position(along).PendingImpact);
        Assert.Equal(100m, s.Pool().Reservations[along].PendingImpact);
        Assert.Equal(0m, s.Pool().ImpactPool);

        // B balances it: 50,000 of shorts, skew 100,000 → 50,000: 5e-9 · (100,000² − 50,000²) = 37.5 owed to B.
        var bshort = s.Opens(b, PositionSide.Short, 5_000m, 10m);
        Assert.Equal(-37.5m, s.Position(bshort).PendingImpact);
        Assert.Equal(50_000m, s.PoolView().Skew);
        s.BooksBalance();

        // A closes, the skew 50,000 → −50,000 flips: rebated 5e-9 · 50,000² = 12.5 for undoing the longs' skew,
        // charged 1e-8 · 50,000² = 25 for the shorts' new one: 12.5 more, 112.5 with the pending 100
        // (under the cap of 0.5% of 100,000 = 500). A's collateral less the closing fee 50 less 112.5 comes back.
        var heldA = s.Position(along).Collateral;
        Closes(s, along);
        var settledA = s.Pool().Settlements[(along, 1)];
        Assert.Equal(112.5m, settledA.Impact);
        Assert.Equal(50m, settledA.CloseFee);
        Assert.Equal(heldA - 50m - 112.5m, settledA.Payout);
        Assert.Equal(112.5m, s.Pool().ImpactPool);
        Assert.Equal(0m, s.Position(along).PendingImpact);
        s.BooksBalance();

        // B closes, skew −50,000 → 0: rebated 5e-9 · 50,000² = 12.5 more, 50 with the pending 37.5; the
        // impact pool holds 112.5, so all of it is paid: B gets its collateral less the fee 25 plus 50.
        var heldB = s.Position(bshort).Collateral;
        Closes(s, bshort);
        var settledB = s.Pool().Settlements[(bshort, 1)];
        Assert.Equal(-50m, settledB.Impact);
        Assert.Equal(heldB - 25m + 50m, settledB.Payout);
        Assert.Equal(62.5m, s.Pool().ImpactPool);
        Assert.Equal(62.5m, s.PoolView().ImpactPool);
        Assert.Equal(0m, s.PoolView().Skew);
        s.BooksBalance();
    }

    [Fact]
    public void A_rebate_is_bounded_by_the_impact_pool()
    {
        var s = Pool();
        var a = s.Funded("a", 20_000m);
        var b = s.Funded("b", 20_000m);

        // B opens first into an empty book: 50,000 of shorts owe 1e-8 · 50,000² = 25. A's 100,000 of
        // longs flip the skew −50,000 → 50,000: rebated 12.5, charged 25, 12.5 owed.
        var bshort = s.Opens(b, PositionSide.Short, 5_000m, 10m);
        var along = s.Opens(a, PositionSide.Long, 10_000m, 10m);
        Assert.Equal(25m, s.Position(bshort).PendingImpact);
        Assert.Equal(12.5m, s.Position(along).PendingImpact);

        // A closes first: skew 50,000 → −50,000 rebates 12.5 and charges 25: 12.5 + 12.5 = 25 into the pool.
        Closes(s, along);
        Assert.Equal(25m, s.Pool().ImpactPool);

        // B closes: skew −50,000 → 0 is a rebate of 12.5 against its pending 25: it pays 12.5.
        Closes(s, bshort);
        Assert.Equal(12.5m, s.Pool().Settlements[(bshort, 1)].Impact);
        Assert.Equal(37.5m, s.Pool().ImpactPool);
        s.BooksBalance();

        // A trade that earns more than the pool holds is paid what it holds: the pool never goes below 0.
        Assert.Equal(-37.5m, PriceImpact.Settled(-10m, -90m, 100_000m, 37.5m, s.Pool().Parameters!));
        Assert.Equal(500m, PriceImpact.Settled(400m, 300m, 100_000m, 0m, s.Pool().Parameters!));
    }

    [Fact]
    public void A_partial_close_settles_its_part_of_the_pending_impact()
    {
        var s = Pool();
        var a = s.Funded("a", 20_000m);
        var along = s.Opens(a, PositionSide.Long, 10_000m, 10m);
        Assert.Equal(100m, s.Position(along).PendingImpact);

        // A quarter of the longs leaves: skew 100,000 → 75,000 rebates 5e-9 · (1e10 − 5.625e9) = 21.875; a quarter of the pending is 25.
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new DecreasePosition(along, a, RequestId.New(), 0.25m, s.Price(), s.Now)));
        Assert.Equal(3.125m, s.Pool().Settlements[(along, 1)].Impact);
        Assert.Equal(75m, s.Position(along).PendingImpact);
        Assert.Equal(75m, s.Pool().Reservations[along].PendingImpact);
        Assert.Equal(3.125m, s.Pool().ImpactPool);
        s.BooksBalance();
    }

    [Fact]
    public void A_cross_settlement_draws_enough_to_pay_its_impact_and_stays_exact()
    {
        var s = Pool();
        var a = s.Funded("a", 20_000m);
        var opened = s.X.Send(new OpenPosition(PositionId.New(), a, RequestId.New(), ExchangeStory.Eth, PositionSide.Long, 10_000m, 10m, s.Price(), s.Now)
        {
            Cross = true,
            Marks = Marks(s),
        });
        var along = Assert.IsType<PositionCommandAccepted>(opened).PositionId;
        Assert.True(s.Position(along).Cross);
        Assert.Equal(100m, s.Position(along).PendingImpact);
        var before = s.X.Accounts.Single(x => x.Id == a).FreeBalance;

        // Skew 100,000 → 0 rebates 50 against the pending 100: 50 charged, from the draw, which
        // covered the loss, the fee, the interest bound and the cap (0.5% of 100,000 = 500).
        Closes(s, along);
        var settled = s.Pool().Settlements[(along, 1)];
        Assert.Equal(50m, settled.Impact);
        Assert.Equal(50m, settled.CloseFee);
        Assert.True(settled.Collateral >= 50m + 50m);
        Assert.Equal(before - 50m - 50m, s.X.Accounts.Single(x => x.Id == a).FreeBalance);
        Assert.Equal(50m, s.Pool().ImpactPool);
        s.BooksBalance();
    }

    private static IReadOnlyList<MarketMark> Marks(ExchangeStory s) =>
    [
        .. s.X.Oracles.Where(o => o.Price is not null).Select(o => new MarketMark(o.Market, o.Price!.Value, o.Sequence,
            s.X.Pools.SingleOrDefault(p => p.Market == o.Market)?.AccruedTo(s.Now).BorrowIndex ?? 1m)),
    ];

    [Fact]
    public void Off_by_default_and_not_written_with_the_parameters()
    {
        var defaults = new MarketParameters();
        var json = System.Text.Json.JsonSerializer.Serialize(defaults, Messages.Serialization.LeverageJson.Options);

        Assert.False(defaults.HasImpact());
        Assert.Equal(2m, defaults.ImpactPower());
        Assert.Equal(0.005m, defaults.ImpactCap());
        Assert.DoesNotContain("impact", json, StringComparison.OrdinalIgnoreCase);

        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var along = s.Opens(s.Funded("a", 20_000m), PositionSide.Long, 10_000m, 10m);
        Assert.Equal(0m, s.Position(along).PendingImpact);
        Assert.Equal(0m, PriceImpact.Of(0m, 100_000m, defaults));
    }

    [Fact]
    public void The_exponent_and_factors_shape_the_curve()
    {
        var linear = new MarketParameters { NegativeImpactFactor = 0.001m, PositiveImpactFactor = 0.0005m, ImpactExponent = 1m };
        Assert.Equal(10m, PriceImpact.Of(0m, 10_000m, linear));
        Assert.Equal(-2.5m, PriceImpact.Of(10_000m, 5_000m, linear));
        // Rounded in the protocol's favour: a charge up, a rebate down.
        var tiny = new MarketParameters { NegativeImpactFactor = 0.0000001m, PositiveImpactFactor = 0.0000001m, ImpactExponent = 1m };
        Assert.Equal(0.000001m, PriceImpact.Of(0m, 1m, tiny));
        Assert.Equal(0m, PriceImpact.Of(1m, 0m, tiny));
    }
}
