using LeverageActors.Actors.Risk.Cross;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Risk.Cross;

/// <summary>Issue 16 item 4: the bands a cross account is watched by, and the book that finds the accounts a tick reached.</summary>
public class CrossRiskBookSpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly MarketId Btc = MarketId.From("BTC-USD");
    private static readonly MarketId Sol = MarketId.From("SOL-USD");
    private const decimal Unit = 0.000000000001m;

    private static CrossExposure Alice(decimal surplus) =>
        new(AccountId.From("alice"), surplus, [new MarketExposure(Eth, 2_000m, 10m), new MarketExposure(Btc, 40_000m, 0.5m), new MarketExposure(Sol, 150m, 0m)]);

    [Fact]
    public void The_surplus_is_split_so_every_market_may_move_by_the_same_fraction()
    {
        // Σ L·p = 10 × 2,000 + 0.5 × 40,000 = 40,000; r = 1,000 / 40,000 = 2.5%: ETH ± 50, BTC ± 1,000.
        // SOL cannot cost the account anything: no band, no row.
        var bands = CrossBands.Of(Alice(1_000m));

        Assert.Equal(
            [new CrossBand(Eth, 1_950m + Unit, 2_050m - Unit), new CrossBand(Btc, 39_000m + Unit, 41_000m - Unit)],
            bands);
        // At both edges at once the surplus bound is exactly what the account has: 1,000 − 10 × 50 − 0.5 × 1,000 = 0.
    }

    [Fact]
    public void A_tick_inside_every_band_reaches_nobody_and_one_at_an_edge_reaches_the_account()
    {
        var book = new CrossRiskBook();
        Assert.False(book.Refresh(Alice(1_000m)));

        Assert.Empty(book.Crossed(Eth, 1_950.5m));
        Assert.Empty(book.Crossed(Btc, 40_999m));
        Assert.Empty(book.Crossed(Sol, 1m));
        Assert.Equal([AccountId.From("alice")], book.Crossed(Eth, 1_950m + Unit));
        Assert.Equal([AccountId.From("alice")], book.Crossed(Btc, 41_000m));
    }

    [Fact]
    public void An_account_without_surplus_is_to_be_checked_now_and_any_tick_of_its_markets_reaches_it_once()
    {
        var book = new CrossRiskBook();

        Assert.True(book.Refresh(Alice(0m)));
        Assert.Equal([AccountId.From("alice")], book.Crossed(Eth, 2_000m));
        Assert.Equal([AccountId.From("alice")], book.Crossed(Btc, 1m));
        Assert.Empty(book.Crossed(Sol, 150m));
    }

    [Fact]
    public void A_refresh_moves_every_band_and_a_removed_account_is_reached_by_nothing()
    {
        var book = new CrossRiskBook();
        book.Refresh(Alice(1_000m));
        book.Refresh(Alice(4_000m)); // r = 10%: ETH 1,800–2,200

        Assert.Empty(book.Crossed(Eth, 1_900m));
        Assert.Single(book.Crossed(Eth, 1_800m));
        Assert.Equal(1, book.Count);

        book.Remove(AccountId.From("alice"));
        Assert.Empty(book.Crossed(Eth, 1m));
        Assert.Empty(book.Crossed(Btc, 1_000_000m));
        Assert.Equal(0, book.Count);
    }
}
