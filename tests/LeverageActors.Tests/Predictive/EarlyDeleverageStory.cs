using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Margin;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Predictive;

/// <summary>
/// Issue 17's story of predictive liquidation, told to the pure states as <see cref="PredictiveStory"/>
/// does, with the risk index's check on every price. A 25x ETH long at 2,000 (collateral 987.5 after
/// the open fee, 12.5 ETH) rides the swing of <see cref="DynamicMarginStory"/> and then a decline of
/// about 1% a minute to 1,935, then a gap to 1,918. With dynamic margin and early deleverage on, the
/// swing's volatility lifts maintenance from 1% to 3.1377%, the long's liquidation row in the risk index (1,941.38 at 1%)
/// moves up to 1,984.25 (its 2σ warning row to 2,026.20) and it is 1.47σ away at 2,015: warned; at 1,995 it is 0.52σ away and is
/// deleveraged back to 2σ, again at 1,955 and 1,918, paying a quarter of the liquidation penalty each
/// time, and is never breached. With fixed margin the same long is not warned, is breached at 1,935
/// and, as the liquidator acts on the gap's price, liquidated in full past bankruptcy (1,921): bad debt.
/// </summary>
public sealed class EarlyDeleverageStory
{
    private static readonly decimal[] Decline = [1_995m, 1_975m, 1_955m, 1_935m];
    private const decimal Gap = 1_918m;

    private sealed class Told
    {
        public Told(bool dynamic)
        {
            S = new ExchangeStory(DynamicMarginStory.Catalog(dynamic, dynamic ? new PredictiveLiquidation { EarlyDeleverage = true } : null));
            S.PriceIs(2_000m);
            S.Provide(S.Funded("lp", 1_000_000m), 1_000_000m);
            Long = S.Opens(S.Funded("trader", 100_000m), PositionSide.Long, 1_000m, 25m);
        }

        public ExchangeStory S { get; }

        public PositionId Long { get; }

        public List<T> Recorded<T>() => S.X.Journal.Select(e => e.Event).OfType<T>().ToList();

        /// <summary>A price a minute after the last, then the risk index's check at it with what the oracle publishes.</summary>
        public void PriceThenCheck(decimal price)
        {
            S.Advance(TimeSpan.FromMinutes(1));
            S.PriceIs(price);
            var oracle = S.Oracle();
            S.X.Send(new CheckMargin(Long, oracle.Price!.Value, S.Pool().AccruedTo(S.Now).BorrowIndex, oracle.Sequence, S.Now)
                { Margin = oracle.Margin.At(oracle.PriceAt!.Value), Scale = oracle.Margin.Scale });
            S.BooksBalance();
        }
    }

    [Fact]
    public void With_dynamic_margin_the_long_is_warned_then_deleveraged_early_and_never_liquidated()
    {
        var t = new Told(dynamic: true);
        var opened = t.S.Position(t.Long);
        Assert.Equal((12.5m, 987.5m), (opened.Quantity, opened.Collateral));
        var baseRow = RiskDistance.LiquidationPrice(opened, 1m, 0.01m)!.Value;
        Assert.Equal(1_941.38m, Math.Round(baseRow, 2));

        foreach (var price in DynamicMarginStory.Swing)
            t.PriceThenCheck(price);

        // The swing's volatility lifts maintenance; the long's rows in the risk index move up with it.
        var rise = Assert.Single(t.Recorded<MarginRequirementChanged>());
        Assert.Equal((0.01m, 0.031377m), (rise.PreviousMaintenance, rise.Maintenance));
        var scale = new RiskScale(rise.Sigma, rise.Horizon);
        var warned = Assert.Single(t.Recorded<PositionAtRisk>());
        Assert.Equal((1.470250m, 2_015m, 0.031377m), (warned.Sigmas, warned.Price, warned.Maintenance));
        Assert.Equal(1_984.25m, Math.Round(warned.LiquidationPrice, 2));
        Assert.True(warned.LiquidationPrice > baseRow + 40m);
        Assert.Equal(2_026.20m, Math.Round(RiskDistance.Threshold(PositionSide.Long, warned.LiquidationPrice, 2m, scale), 2));
        Assert.Empty(t.Recorded<EarlyDeleverageStarted>());

        foreach (var price in Decline.Append(Gap))
            t.PriceThenCheck(price);

        var early = t.Recorded<EarlyDeleverageStarted>();
        Assert.Equal(
            [(1_995m, 0.516500m, 0.295508m), (1_955m, 0.063480m, 0.386666m), (1_918m, 0.173117m, 0.364565m)],
            early.Select(e => (e.Price, e.Sigmas, e.Fraction)));
        Assert.All(early, e => Assert.Equal((1m, 2m, 0.00125m), (e.Level, e.Target, e.PenaltyRate)));
        var penalties = t.Recorded<PositionSettled>().Where(e => e.Keeps).Select(e => e.Settlement.Penalty).ToList();
        Assert.Equal([9.211539m, 8.321064m, 4.720813m], penalties);
        Assert.Equal(22.253416m, t.S.Pool().InsuranceFund);

        var after = t.S.Position(t.Long);
        Assert.Equal(PositionStatus.Open, after.Status);
        Assert.Equal(3, after.EarlyDeleverages);
        Assert.Equal(3.432055m, Math.Round(after.Quantity, 6));
        Assert.Empty(t.Recorded<PositionBreached>());
        Assert.Empty(t.Recorded<LiquidationStarted>());
        Assert.Equal(0m, t.S.Pool().BadDebt);
        // Two σ from its liquidation price again after the last one.
        var liquidation = RiskDistance.LiquidationPrice(after, t.S.Pool().AccruedTo(t.S.Now).BorrowIndex, 0.031377m)!.Value;
        Assert.InRange(RiskDistance.Sigmas(PositionSide.Long, liquidation, Gap, scale)!.Value, 1.9999m, 2.01m);
    }

    [Fact]
    public void With_fixed_margin_the_same_long_is_liquidated_past_bankruptcy_with_bad_debt()
    {
        var t = new Told(dynamic: false);
        foreach (var price in DynamicMarginStory.Swing.Concat(Decline))
            t.PriceThenCheck(price);

        Assert.Empty(t.Recorded<MarginRequirementChanged>());
        Assert.Empty(t.Recorded<PositionAtRisk>());
        Assert.Empty(t.Recorded<EarlyDeleverageStarted>());
        var breached = Assert.Single(t.Recorded<PositionBreached>());
        Assert.Equal((1_935m, 162.905756m, 241.875m), (breached.Price, breached.Equity, breached.Maintenance));

        // The gap comes before the liquidator acts: it acts at 1,918, below the bankruptcy price.
        t.S.Advance(TimeSpan.FromMinutes(1));
        t.S.PriceIs(Gap);
        t.S.Liquidate(t.Long, AccountId.From("liquidator"));
        t.S.BooksBalance();

        var started = Assert.Single(t.Recorded<LiquidationStarted>());
        Assert.Equal((1m, Gap), (started.Fraction, started.Price));
        var liquidated = Assert.Single(t.Recorded<PositionLiquidated>()).Settlement;
        Assert.Equal((0m, 0m), (liquidated.Penalty, liquidated.Payout));
        Assert.Equal(liquidated.Shortfall, liquidated.BadDebt);
        Assert.Equal(37.5m, Math.Round(liquidated.BadDebt, 1));
        Assert.Equal(liquidated.BadDebt, t.S.Pool().BadDebt);
        Assert.Equal(PositionStatus.Liquidated, t.S.Position(t.Long).Status);
    }
}
