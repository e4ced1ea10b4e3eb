using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Predictive;

/// <summary>
/// The risk index's warning rows (its pure twin, which shares <c>RiskWarnings</c> with the actor):
/// after the swing maintenance is 3.1377% with σ = 0.00135/√s over 60 s, so the 40x long's cushioned
/// liquidation row is at 2,031.6 and its 2σ row at 2,031.6·e^(2·0.01046) ≈ 2,074.6. A tick at 2,050
/// crosses only the warning row; a warned position is checked on every tick until it clears.
/// </summary>
public sealed class RiskWarningIndexSpecs
{
    private static (PredictiveStory Story, SimulatedRiskIndex Index) Indexed(decimal? level)
    {
        var story = new PredictiveStory();
        story.Margin.Swings();
        var index = new SimulatedRiskIndex(level);
        foreach (var (_, evt) in story.Margin.S.X.Journal)
            index.Observe(evt, []);
        return (story, index);
    }

    private static List<object> Tick(PredictiveStory story, SimulatedRiskIndex index, decimal price, long sequence)
    {
        var oracle = story.Margin.S.Oracle();
        var send = new List<object>();
        index.OnTick(new PriceUpdated(Tests.Margin.DynamicMarginStory.Eth, price, story.Margin.S.Now, sequence) { Margin = story.Margin.InForce(), Scale = oracle.Margin.Scale }, send);
        return send;
    }

    [Fact]
    public void A_tick_within_two_sigmas_of_the_liquidation_row_checks_the_position_and_without_warning_rows_it_does_not()
    {
        var (story, warning) = Indexed(2m);
        var (_, plain) = Indexed(null);
        var sequence = story.Margin.S.Oracle().Sequence + 1;

        var check = Assert.IsType<CheckMargin>(Assert.Single(Tick(story, warning, 2_050m, sequence)));
        Assert.Equal(story.Margin.Long, check.PositionId);
        Assert.NotNull(check.Scale);
        Assert.Empty(Tick(story, plain, 2_050m, sequence));
        Assert.Empty(Tick(story, warning, 2_080m, sequence + 1));
    }

    [Fact]
    public void A_warned_position_is_checked_on_every_tick_until_it_records_that_it_cleared()
    {
        var (story, index) = Indexed(2m);
        var sequence = story.Margin.S.Oracle().Sequence + 1;
        var warned = new PositionAtRisk(story.Margin.Long, Tests.Margin.DynamicMarginStory.Eth, 0.5m, 2m, 2_040m, 1m, 2_031m, 0.031377m, 0.00135m,
            TimeSpan.FromSeconds(60), sequence, story.Margin.S.Now);
        index.Observe(warned, []);

        Assert.Single(Tick(story, index, 2_200m, sequence + 1));
        index.Observe(new PositionRiskCleared(story.Margin.Long, Tests.Margin.DynamicMarginStory.Eth, 3m, 2_200m, sequence + 1, story.Margin.S.Now), []);
        Assert.Empty(Tick(story, index, 2_200m, sequence + 2));
    }
}
