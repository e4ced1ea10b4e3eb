using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Predictive;

/// <summary>
/// Predictive liquidation's warning (issue 17 item 3) on the pure states: the distance to
/// liquidation in σ·√horizon, and <see cref="PositionAtRisk"/> once per crossing of 2σ.
/// </summary>
public sealed class RiskWarningSpecs
{
    private static readonly RiskScale Scale = new(0.001m, TimeSpan.FromSeconds(100));

    /// <summary>
    /// σ = 0.001/√s over 100 s is a 1% move: a long liquidated at 1,900 with the price at 2,000 is
    /// |ln 0.95| / 0.01 = 5.129329σ away; its 2σ price is 1,900·e^0.02 = 1,938.38; a short mirrors it.
    /// </summary>
    [Fact]
    public void The_distance_is_the_log_gap_to_the_liquidation_price_in_sigmas_over_the_horizon()
    {
        Assert.Equal(0.01m, RiskDistance.Move(Scale));
        Assert.Equal(5.129329m, RiskDistance.Sigmas(PositionSide.Long, 1_900m, 2_000m, Scale));
        Assert.Equal(4.879016m, RiskDistance.Sigmas(PositionSide.Short, 2_100m, 2_000m, Scale));
        Assert.Equal(0m, RiskDistance.Sigmas(PositionSide.Long, 2_001m, 2_000m, Scale));
        Assert.Null(RiskDistance.Sigmas(PositionSide.Long, 1_900m, 2_000m, new RiskScale(0m, TimeSpan.FromSeconds(100))));
        Assert.Equal(1_938.38m, Math.Round(RiskDistance.Threshold(PositionSide.Long, 1_900m, 2m, Scale), 2));
        Assert.Equal(2_058.42m, Math.Round(RiskDistance.Threshold(PositionSide.Short, 2_100m, 2m, Scale), 2));
        // The threshold is the inverse of the distance.
        Assert.Equal(2m, Math.Round(RiskDistance.Sigmas(PositionSide.Long, 1_900m, RiskDistance.Threshold(PositionSide.Long, 1_900m, 2m, Scale), Scale)!.Value, 5));
    }

    /// <summary>
    /// The story of DynamicMarginSpecs: after the swing maintenance is 3.1377%, the 40x long's
    /// liquidation price at it is 2,015.24 and the price 2,015, so it is 0σ away (held to the rise,
    /// not liquidable for it in the grace) and warned, once. At 2,100 it is 2.067898σ away: cleared.
    /// The volatility the rally itself brings lifts maintenance to 8.135%, and at 2,100 again it is
    /// warned a second time.
    /// </summary>
    [Fact]
    public void A_position_held_to_a_rise_is_warned_once_in_its_grace_then_cleared_then_warned_again()
    {
        var story = new PredictiveStory();
        var s = story.Margin.S;
        story.Margin.Swings();
        story.Check();
        story.Check();

        var warned = Assert.IsType<PositionAtRisk>(Assert.Single(story.Warnings()));
        Assert.Equal((0m, 2m, 2_015m, 0.031377m, 6L), (warned.Sigmas, warned.Level, warned.Price, warned.Maintenance, warned.PriceSequence));
        Assert.Equal(2_015.24m, Math.Round(warned.LiquidationPrice, 2));
        Assert.Equal(TimeSpan.FromSeconds(60), warned.Horizon);
        Assert.True(story.Margin.InForce()!.InGrace);
        Assert.Empty(story.Margin.Recorded<PositionBreached>());
        var view = s.Position(story.Margin.Long).View(2_015m, null);
        Assert.True(view.AtRisk);
        Assert.Equal(0m, view.RiskSigmas);

        story.PriceThenCheck(2_030m);
        story.PriceThenCheck(2_060m);
        Assert.Single(story.Warnings());
        story.PriceThenCheck(2_100m);
        var cleared = Assert.IsType<PositionRiskCleared>(story.Warnings()[1]);
        Assert.Equal((2.067898m, 2_100m), (cleared.Sigmas, cleared.Price));
        Assert.False(s.Position(story.Margin.Long).View(2_100m, null).AtRisk);

        story.PriceThenCheck(2_150m);
        story.PriceThenCheck(2_200m);
        story.PriceThenCheck(2_100m);
        story.PriceThenCheck(2_060m);
        Assert.Equal(3, story.Warnings().Count);
        var again = Assert.IsType<PositionAtRisk>(story.Warnings()[2]);
        Assert.Equal((0.081350m, 2_100m), (again.Maintenance, again.Price));
        s.BooksBalance();
    }

    [Fact]
    public void A_check_with_an_older_price_than_the_warning_changes_nothing()
    {
        var story = new PredictiveStory();
        story.Margin.Swings();
        story.Check();
        var s = story.Margin.S;
        var oracle = s.Oracle();
        s.X.Send(new CheckMargin(story.Margin.Long, 2_200m, 1m, oracle.Sequence - 1, s.Now) { Margin = story.Margin.InForce(), Scale = oracle.Margin.Scale });

        Assert.Single(story.Warnings());
    }

    [Fact]
    public void With_fixed_margin_the_same_story_warns_nobody()
    {
        var story = new PredictiveStory(dynamic: false);
        story.Margin.Swings();
        story.Check();
        story.PriceThenCheck(2_100m);
        story.PriceThenCheck(2_015m);

        Assert.Empty(story.Warnings());
        story.Margin.S.BooksBalance();
    }
}
