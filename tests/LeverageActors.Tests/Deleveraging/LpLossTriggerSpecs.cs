using LeverageActors.Actors.Deleveraging;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Deleveraging;

/// <summary>
/// Auto-deleveraging's second trigger (issue 17 item 4, Hyperliquid after JELLY): the insurance fund is
/// exhausted and the shortfall would take the LPs' loss of the day past <c>MaxLpLossPerDay</c> of the
/// pool. The winning side is ranked and reduced as for the PnL factor, by the loss beyond the limit.
/// </summary>
public class LpLossTriggerSpecs
{
    [Fact]
    public void A_shortfall_the_empty_fund_cannot_cover_past_2_percent_of_the_pool_reduces_the_best_ranked_long_by_the_excess()
    {
        var s = new LpLossStory();
        var pool = s.S.Pool().Assets;

        // At 2,500 the short (1 ETH on about 198) loses 500: about 302 its collateral does not cover, with
        // no insurance fund; 2% of about 10,000 is about 200. The longs are owed 500 + 225: a PnL factor of 5%.
        var asked = s.Tick(2_500m);

        var round = s.Watch.Round!;
        var loss = round.LpLoss!;
        Assert.True(AdlMath.Factor(round.NetPnl, round.PoolValue) < 0.1m);
        Assert.Equal(0m, loss.DayLoss);
        Assert.Equal(0m, loss.InsuranceFund);
        Assert.Equal(500m - s.S.Position(s.Short).Collateral, loss.PendingShortfall);
        Assert.InRange(loss.PendingShortfall, 300m, 305m);
        Assert.Equal(AdlWatch.DayOf(s.S.Now), loss.Since);
        Assert.Equal(loss.PendingShortfall - 0.02m * round.PoolValue, round.ToRealise);
        Assert.InRange(pool, 10_000m, 10_010m);

        // Big (500 / 398 × 2,500 / 398 ≈ 7.9) ranks before Small (225 / 298.5 × 1,125 / 298.5 ≈ 2.8) and
        // alone gives up about 102 of its 500.
        Assert.Equal([s.Big], asked.Select(c => c.PositionId));
        Assert.Equal(Math.Round(round.ToRealise / 500m, 6, MidpointRounding.ToPositiveInfinity), asked[0].Fraction);
        Assert.InRange(asked[0].Fraction, 0.2m, 0.21m);
        Assert.Equal(1m - asked[0].Fraction, s.S.Position(s.Big).Quantity);
        Assert.Equal(0.45m, s.S.Position(s.Small).Quantity);
        var reduction = Assert.Single(s.Reductions());
        Assert.Equal(MarketParameters.DefaultMaxLpLossPerDay, reduction.LpLoss!.MaxLpLossPerDay);
        Assert.Equal(loss with { MaxLpLossPerDay = MarketParameters.DefaultMaxLpLossPerDay }, reduction.LpLoss);
        s.S.BooksBalance();

        var audit = s.Audit();
        Assert.Empty(audit.Violations);
        var proof = Assert.Single(audit.Deleverages);
        Assert.NotNull(proof.LpLoss);
        Assert.True(proof.Triggered);
        Assert.False(proof.Factor > proof.MaxPnlFactor);

        // The same loss is not answered twice; once the short is liquidated the loss is the LPs' (bad
        // debt of the day, the fund still empty) and already answered: no new round.
        Assert.Empty(s.Tick(2_500m));
        s.S.Check(s.Short);
        s.S.Liquidate(s.Short, Messages.Ids.AccountId.From("liquidator"));
        Assert.Equal(PositionStatus.Liquidated, s.S.Position(s.Short).Status);
        Assert.True(s.S.Pool().BadDebt > 0.02m * pool);
        Assert.Empty(s.Tick(2_500m));
        s.S.BooksBalance();
        Assert.Empty(s.Audit().Violations);
    }

    [Fact]
    public void A_shortfall_within_the_limit_or_covered_by_the_fund_reduces_nothing()
    {
        // At 2,200 the short's loss (200) is about its collateral: nothing would reach the LPs.
        var s = new LpLossStory();
        Assert.Empty(s.Tick(2_200m));
        Assert.Null(s.Watch.Round);

        // The trigger's rule alone: an exhausted fund and a loss past the limit.
        var since = AdlWatch.DayOf(s.S.Now);
        Assert.True(new LpLossTrigger(since, 150m, 100m, 20m, 0.02m).Fired(10_000m));
        Assert.False(new LpLossTrigger(since, 150m, 100m, 20m, 0.03m).Fired(10_000m));
        // A fund that covers what is pending is not exhausted, whatever the day already cost.
        Assert.False(new LpLossTrigger(since, 500m, 100m, 120m, 0.02m).Fired(10_000m));
        Assert.Equal(230m, new LpLossTrigger(since, 150m, 100m, 20m).Projected());
        // An earlier round of the day answered part of the loss: only the growth beyond it is taken.
        Assert.Equal(30m, AdlMath.LossToAnswer(230m, 200m, 0m));
        Assert.Equal(10m, AdlMath.LossToAnswer(230m, 200m, 220m));
        Assert.Equal(0m, AdlMath.LossToAnswer(230m, 200m, 230m));
        // The day is UTC's: 01:30 at +02:00 is still the 1st.
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), AdlWatch.DayOf(new DateTimeOffset(2026, 1, 2, 1, 30, 0, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData("day-loss")]
    [InlineData("limit")]
    [InlineData("fund")]
    public void A_tampered_lp_loss_trigger_is_a_finding(string what)
    {
        var s = new LpLossStory();
        Assert.Single(s.Tick(2_500m));

        var audit = s.Audit(e => e is AutoDeleverageStarted { LpLoss: { } loss } started
            ? started with
            {
                LpLoss = what switch
                {
                    // A loss the pool's settlements never recorded.
                    "day-loss" => loss with { DayLoss = 250m },
                    // A looser limit than the market's.
                    "limit" => loss with { MaxLpLossPerDay = 0.01m },
                    // A fund that could have paid: the trigger did not hold.
                    _ => loss with { InsuranceFund = 1_000m },
                },
            }
            : e);

        Assert.Contains(audit.Violations, v => v.Rule.StartsWith("adl-lp-loss", StringComparison.Ordinal));
    }
}
