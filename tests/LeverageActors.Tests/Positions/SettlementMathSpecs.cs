using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Positions;

/// <summary>PnL, the profit cap, interest, fees and rounding at settlement, worked out by hand.</summary>
public class SettlementMathSpecs
{
    private static readonly MarketParameters Defaults = new();

    [Theory]
    [InlineData(PositionSide.Long, "2100", "500")]
    [InlineData(PositionSide.Long, "1900", "-500")]
    [InlineData(PositionSide.Short, "2100", "-500")]
    [InlineData(PositionSide.Short, "1900", "500")]
    public void Long_gains_when_the_price_rises_and_short_when_it_falls(PositionSide side, string price, string pnl) =>
        Assert.Equal(D(pnl), SettlementMath.RawPnl(side, 5m, 2_000m, D(price)));

    [Fact]
    public void A_winning_long_is_paid_collateral_plus_pnl_less_interest_and_closing_fee()
    {
        var s = SettlementMath.Settle(PositionSide.Long, 5m, 2_000m, 995m, 9_000m, 14.794521m, 2_100m, Defaults);

        Assert.Equal(500m, s.Pnl);
        Assert.Equal(5.25m, s.CloseFee); // 5 · 2,100 · 0.05%
        Assert.Equal(995m + 500m - 14.794521m - 5.25m, s.Payout);
        Assert.Equal(1.479452m + 0.525m, s.ProtocolFee); // 10% of interest (rounded down) + 10% of the fee
        Assert.Equal(s.Collateral, s.Payout + s.ToPool + s.ProtocolFee);
    }

    [Fact]
    public void Profit_is_capped_at_the_reserved_amount()
    {
        var s = SettlementMath.Settle(PositionSide.Long, 2m, 1_000m, 999m, 1_000m, 0m, 3_000m, Defaults);

        Assert.Equal(1_000m, s.Pnl); // not 4,000
        Assert.Equal(999m + 1_000m - 3m, s.Payout);
    }

    [Fact]
    public void Rounding_favours_the_protocol_on_pnl_and_on_fees()
    {
        var third = 1m / 3m;
        var s = SettlementMath.Settle(PositionSide.Long, third, 1_000m, 100m, 1_000m, 0m, 1_000.01m, Defaults);

        Assert.Equal(0.003333m, s.Pnl); // 0.0033333... paid rounded down
        Assert.Equal(0.166669m, s.CloseFee); // 0.16666833... charged rounded up
        var loss = SettlementMath.Settle(PositionSide.Long, third, 1_000m, 100m, 1_000m, 0m, 999.99m, Defaults);
        Assert.Equal(-0.003334m, loss.Pnl); // a loss rounds to the larger loss
    }

    /// <summary>
    /// Finding 6 of the money-safety review: the shortfall was −(collateral + PnL) alone, so the
    /// interest an underwater position owed (and the pool's value had counted) vanished unrecorded.
    /// </summary>
    [Fact]
    public void A_loss_beyond_the_collateral_pays_nothing_and_records_the_shortfall_with_the_unpaid_interest()
    {
        var s = SettlementMath.Settle(PositionSide.Long, 10m, 100m, 100m, 900m, 3m, 80m, Defaults);

        Assert.Equal(-200m, s.Pnl);
        Assert.Equal(0m, s.Payout);
        Assert.Equal(100m, s.ToPool);
        Assert.Equal(0m, s.Interest); // nothing left to collect it from
        Assert.Equal(3m, s.UnpaidInterest);
        Assert.Equal(103m, s.Shortfall); // 100 of loss beyond the collateral + 3 of interest owed
        Assert.Equal(103m, s.BadDebt); // no insurance fund here
        Assert.Equal(0m, s.CloseFee); // waived: nothing is left to take it from
    }

    private static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
