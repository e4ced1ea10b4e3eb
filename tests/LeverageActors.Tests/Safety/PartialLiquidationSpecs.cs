using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// Findings 7 and 8 of the money-safety review. With a penalty (1%) equal to maintenance (1%) no
/// fraction could restore margin, so every liquidation took all remaining equity; the default
/// penalty is now 0.5%. And after a partial liquidation the position kept the closed part's payout
/// as collateral while the pool's record of it did not: the two views drifted apart, and LP shares
/// were priced on the wrong one.
/// </summary>
public class PartialLiquidationSpecs
{
    [Fact]
    public void At_the_default_parameters_a_partial_liquidation_restores_maintenance_plus_the_buffer_and_both_views_agree()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);

        s.PriceIs(1_816m);
        s.Check(p);
        s.Liquidate(p, AccountId.From("liquidator"));

        // At 1,816: 995 − 920 − 4.54 (closing fee) = 70.46 of equity, between ⅔ of maintenance (60.53)
        // and maintenance (90.8) on a notional of 9,080. The fraction that leaves 3% (maintenance 1% +
        // buffer 2%) after a 0.5% penalty on what closes: (0.03·9,080 − 70.46) / (9,080 · 0.025) =
        // 0.8896035..., rounded up: 0.889604.
        var settled = s.Pool().Settlements[(p, 1)];
        Assert.Equal(885.15598m, settled.Collateral); // 995 · 0.889604, rounded down
        Assert.Equal(-818.43568m, settled.Pnl); // 4.44802 ETH, 184 down each
        Assert.Equal(4.038803m, settled.CloseFee); // 0.05% of 8,077.60432, rounded up
        Assert.Equal(40.388022m, settled.Penalty); // 0.5% of 8,077.60432, rounded up
        Assert.Equal(20.194011m, settled.LiquidatorReward);
        Assert.Equal(22.293475m, settled.Payout); // 885.15598 − 818.43568 − 4.038803 − 40.388022: kept as collateral

        var position = s.Position(p);
        Assert.Equal(PositionStatus.Open, position.Status);
        Assert.Equal(0.55198m, position.Quantity);
        Assert.Equal(993.564m, position.Reserved); // 9,000 − 8,006.436
        Assert.Equal(132.137495m, position.Collateral); // 995 − 885.15598 + 22.293475

        var reservation = s.Pool().Reservations[p];
        Assert.Equal(position.Collateral, reservation.Collateral);
        Assert.Equal(position.Quantity, reservation.Quantity);
        Assert.Equal(position.Reserved, reservation.Reserved);

        // What is left holds 3% of its notional again: 132.137495 − 101.56432 − 0.501198 = 30.071977
        // of equity on 1,002.39568.
        var (equity, _) = position.Margin(1_816m, 1m);
        Assert.Equal(30.071977m, equity);
        Assert.True(equity / (position.Quantity * 1_816m) >= 0.03m);
        s.BooksBalance();
    }
}
