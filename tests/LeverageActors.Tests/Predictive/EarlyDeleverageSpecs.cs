using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Predictive;

/// <summary>
/// Predictive liquidation's early deleverage (issue 17 item 3) on the story of
/// <see cref="RiskWarningSpecs"/>: after the swing the 40x long is 0σ from its liquidation price at
/// the rise in force (in the grace, not liquidable). With early deleverage on, the check that warns it
/// also closes the fraction that leaves it 2σ away, at the oracle price, keeping the payout as
/// collateral of the rest; it is never breached. With it off (the default) it is only warned.
/// </summary>
public sealed class EarlyDeleverageSpecs
{
    private static readonly PredictiveLiquidation On = new() { EarlyDeleverage = true };

    [Fact]
    public void A_position_below_one_sigma_is_reduced_by_the_fraction_that_restores_two_sigmas_and_never_liquidated()
    {
        var story = new PredictiveStory(predictive: On);
        var s = story.Margin.S;
        story.Margin.Swings();
        var before = s.Position(story.Margin.Long);
        story.Check();
        story.Check();

        var started = Assert.Single(story.Margin.Recorded<EarlyDeleverageStarted>());
        Assert.Equal((0m, 1m, 2m, 2_015m, 6L), (started.Sigmas, started.Level, started.Target, started.Price, started.PriceSequence));
        Assert.InRange(started.Fraction, 0.01m, 0.99m);
        var requested = Assert.Single(story.Margin.Recorded<PositionSettlementRequested>(), r => r.RequestId == EarlyDeleverage.RequestOf(started.Number, story.Margin.Long));
        Assert.Equal((started.Fraction, 2_015m, started.Number), (requested.Fraction, requested.Price, requested.Number));
        Assert.Single(story.Warnings());

        var after = s.Position(story.Margin.Long);
        Assert.Equal(PositionStatus.Open, after.Status);
        Assert.Empty(after.Operations);
        Assert.Equal(before.Quantity - Portion.OfQuantity(before.Quantity, started.Fraction), after.Quantity);
        var liquidation = RiskDistance.LiquidationPrice(after, s.Pool().AccruedTo(s.Now).BorrowIndex, started.Maintenance)!.Value;
        var sigmas = RiskDistance.Sigmas(after.Side, liquidation, 2_015m, new RiskScale(started.Sigma, started.Horizon))!.Value;
        Assert.InRange(sigmas, 1.9999m, 2.01m);

        // Through the rest of the path that liquidates nobody here, and once the grace is over.
        story.PriceThenCheck(2_030m);
        story.PriceThenCheck(2_015m, seconds: 120);
        Assert.Empty(story.Margin.Recorded<PositionBreached>());
        Assert.Empty(story.Margin.Recorded<LiquidationStarted>());
        s.BooksBalance();
    }

    [Fact]
    public void An_early_deleverage_pays_a_quarter_of_the_liquidation_penalty_on_what_it_closes_all_to_the_insurance_fund()
    {
        var story = new PredictiveStory(predictive: On);
        var s = story.Margin.S;
        story.Margin.Swings();
        var before = s.Position(story.Margin.Long);
        var insurance = s.Pool().InsuranceFund;
        story.Check();

        var started = Assert.Single(story.Margin.Recorded<EarlyDeleverageStarted>());
        // 0.25 of the market's 0.5% liquidation penalty rate.
        Assert.Equal(0.00125m, started.PenaltyRate);
        var settled = Assert.Single(story.Margin.Recorded<Messages.Pools.PositionSettled>(), e => e.PositionId == story.Margin.Long && e.Keeps);
        var closed = Portion.OfQuantity(before.Quantity, started.Fraction) * started.Price;
        Assert.Equal(Messages.Common.Money.Charge(closed * 0.00125m), settled.Settlement.Penalty);
        Assert.True(settled.Settlement.Penalty > 0);
        Assert.Equal((0m, settled.Settlement.Penalty), (settled.Settlement.LiquidatorReward, settled.Settlement.ToInsurance));
        Assert.Equal(insurance + settled.Settlement.Penalty, s.Pool().InsuranceFund);
        // The payout net of the penalty stays as collateral of the rest.
        var after = s.Position(story.Margin.Long);
        Assert.Equal(before.Collateral - settled.Settlement.Collateral + settled.Settlement.Payout, after.Collateral);
        s.BooksBalance();
    }

    [Fact]
    public void With_a_penalty_share_of_zero_the_deleverage_pays_none_and_records_none()
    {
        var story = new PredictiveStory(predictive: On with { PenaltyShare = 0m });
        story.Margin.Swings();
        story.Check();

        var started = Assert.Single(story.Margin.Recorded<EarlyDeleverageStarted>());
        Assert.Equal(0m, started.PenaltyRate);
        Assert.DoesNotContain("penaltyRate", System.Text.Encoding.UTF8.GetString(Messages.Serialization.LeverageSerializer.Encode(started).Bytes));
        Assert.Equal(0m, Assert.Single(story.Margin.Recorded<Messages.Pools.PositionSettled>(), e => e.Keeps).Settlement.Penalty);
        story.Margin.S.BooksBalance();
    }

    [Fact]
    public void The_position_view_counts_its_early_deleverages_and_shows_the_last_and_the_feed_names_no_account()
    {
        var story = new PredictiveStory(predictive: On);
        var s = story.Margin.S;
        story.Margin.Swings();
        var healthy = s.Position(story.Margin.Long).View(null, null);
        Assert.Equal((0, null), (healthy.EarlyDeleverages, healthy.LastEarlyDeleverage));
        var before = s.Position(story.Margin.Long);
        story.Check();

        var started = Assert.Single(story.Margin.Recorded<EarlyDeleverageStarted>());
        var view = s.Position(story.Margin.Long).View(2_015m, s.Pool().AccruedTo(s.Now).BorrowIndex);
        Assert.Equal(1, view.EarlyDeleverages);
        Assert.Equal(new EarlyDeleverageShown(1, started.Fraction, 0m, 2_015m, 0.00125m, started.At), view.LastEarlyDeleverage);
        var json = System.Text.Json.JsonSerializer.Serialize(Host.Api.Models.PositionResponse.Of(view), Messages.Serialization.LeverageJson.Options);
        Assert.Contains("\"earlyDeleverages\":1", json);
        Assert.Contains("\"lastEarlyDeleverage\":{", json);

        var activity = PositionActivityOf.Event(started, before, before.Apply(started))!;
        Assert.Equal((PositionActivityKind.EarlyDeleverage, Portion.OfQuantity(before.Quantity, started.Fraction), 2_015m),
            (activity.Kind, activity.Quantity, activity.Price));
        var (name, data) = Host.Api.Feed.FeedEvent.Of(activity)!.Value;
        Assert.Equal("early-deleverage", name);
        Assert.DoesNotContain("account", System.Text.Json.JsonSerializer.Serialize(data, Messages.Serialization.LeverageJson.Options), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void With_early_deleverage_off_the_same_position_is_only_warned()
    {
        var story = new PredictiveStory();
        var s = story.Margin.S;
        story.Margin.Swings();
        var before = s.Position(story.Margin.Long).Quantity;
        story.Check();

        Assert.Empty(story.Margin.Recorded<EarlyDeleverageStarted>());
        Assert.Single(story.Warnings());
        Assert.Equal(before, s.Position(story.Margin.Long).Quantity);
        s.BooksBalance();
    }
}
