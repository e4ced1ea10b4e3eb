using LeverageActors.Actors.Common;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Oracles.Margin;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Margin;

/// <summary>
/// Issue 17 item 2: maintenance follows volatility, mmr = max(mmr_base, z·σ·√horizon); a rise holds
/// positions to it but liquidates nobody before its grace ends; opens above 1/imr are refused.
/// </summary>
public class DynamicMarginSpecs
{
    private static decimal Up(decimal rate) => Math.Round(rate, 6, MidpointRounding.ToPositiveInfinity);

    [Fact]
    public void The_requirement_is_the_floor_in_a_quiet_market_and_z_sigma_root_horizon_above_it()
    {
        var m = new DynamicMargin();

        // σ = 0.0001 per √s over 60 s: 3 × 0.0001 × 7.746 = 0.23%, under the 1% floor.
        Assert.Equal((0.01m, 0.02m), MarginRequirement.Required(m, 0.0001m, TimeSpan.FromSeconds(60)));
        // σ = 0.0005: 3 × 0.0005 × √60 = 0.0116189500…, rounded up to 1.1619%; initial keeps the ratio 2.
        Assert.Equal((0.011619m, 0.023238m), MarginRequirement.Required(m, 0.0005m, TimeSpan.FromSeconds(60)));
        // No horizon, no move to cover.
        Assert.Equal((0.01m, 0.02m), MarginRequirement.Required(m, 0.01m, TimeSpan.Zero));
    }

    [Fact]
    public void Maintenance_rises_in_a_volatile_path_and_the_record_says_from_what()
    {
        var story = new DynamicMarginStory();
        Assert.Null(story.InForce());

        var at = story.Swings();

        var volatility = story.Recorded<VolatilityUpdated>().Single();
        var change = story.Recorded<MarginRequirementChanged>().Single();
        var expected = Up(3m * volatility.Sigma * DecimalMath.Sqrt(60m));
        Assert.True(expected > 0.03m, $"the swing should need about 3.6%, needs {expected}");
        Assert.Equal(new MarginRequirementChanged(DynamicMarginStory.Eth, expected, Up(expected * 2m), 0.01m, 0.02m, volatility.Sigma,
            TimeSpan.FromSeconds(60), at.AddSeconds(60), volatility.PriceSequence, at), change);
        // Published with the price: held to the new rate, liquidations at the old one until the grace ends.
        Assert.Equal(new MarginInForce(expected, Up(expected * 2m), 0.01m), story.InForce());
        Assert.Equal(new MarginInForce(expected, Up(expected * 2m), expected), story.S.Oracle().Margin.At(at.AddSeconds(60)));
    }

    [Fact]
    public void Without_dynamic_margin_the_same_path_records_no_requirement_and_publishes_none()
    {
        var story = new DynamicMarginStory(dynamic: false);
        story.Swings();

        Assert.Single(story.Recorded<VolatilityUpdated>());
        Assert.Empty(story.Recorded<MarginRequirementChanged>());
        Assert.Null(story.InForce());
        Assert.Null(((OraclePriceResponse)story.S.X.Send(new GetOraclePrice(DynamicMarginStory.Eth, story.S.Now))!).Margin);
    }

    [Fact]
    public void Replaying_the_oracle_journal_reaches_the_same_requirement()
    {
        var story = new DynamicMarginStory();
        story.Swings();

        var replayed = story.S.X.Journal.Select(e => e.Event).OfType<IOracleEvent>()
            .Aggregate(OracleState.Initial(DynamicMarginStory.Eth, DynamicMarginStory.Dynamic), (s, e) => s.Apply(e));

        Assert.Equal(story.S.Oracle().Margin.Last, replayed.Margin.Last);
        Assert.Equal(story.InForce(), replayed.Margin.At(replayed.PriceAt!.Value));
        Assert.Equal(story.InForce(), ((OraclePriceResponse)story.S.X.Send(new GetOraclePrice(DynamicMarginStory.Eth, story.S.Now))!).Margin);
    }

    /// <summary>
    /// The 40x long holds 20 ETH. At 2,015 its equity is about 1,260 on a notional of 40,300: healthy at
    /// 1% (403), below the new ~3.6% (about 1,450). Within the grace it is checked twice and not
    /// breached; at the first price after the grace it is breached and liquidated, and the books balance.
    /// </summary>
    [Fact]
    public void A_rise_is_held_back_for_its_grace_then_enforced()
    {
        var story = new DynamicMarginStory();
        var s = story.S;
        var riseAt = story.Swings();
        var change = story.Recorded<MarginRequirementChanged>().Single();
        var position = s.Position(story.Long);
        var (equity, held) = position.Margin(2_015m, 1m, change.Maintenance);
        Assert.True(equity < held && equity >= position.Margin(2_015m, 1m).Maintenance, $"equity {equity} between 1% and {change.Maintenance}");

        story.Check(story.Long);
        Assert.True(story.InForce()!.InGrace);
        s.Advance(TimeSpan.FromSeconds(30));
        s.PriceIs(2_015m);
        story.Check(story.Long);
        Assert.Empty(story.Recorded<PositionBreached>());

        s.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(riseAt.AddSeconds(60), s.Now);
        s.PriceIs(2_015m);
        Assert.False(story.InForce()!.InGrace);
        story.Check(story.Long);

        var breach = Assert.Single(story.Recorded<PositionBreached>());
        Assert.Equal(Math.Round(s.Position(story.Long).Quantity * 2_015m * story.InForce()!.Liquidation, 20), Math.Round(breach.Maintenance, 20));
        story.Liquidate(story.Long);
        var started = Assert.Single(story.Recorded<LiquidationStarted>());
        Assert.Equal(breach.Maintenance, started.Maintenance);
        Assert.Single(story.Recorded<PositionLiquidated>());
        s.BooksBalance();
    }

    [Fact]
    public void The_same_story_with_fixed_margin_breaches_nobody()
    {
        var story = new DynamicMarginStory(dynamic: false);
        story.Swings();
        story.S.Advance(TimeSpan.FromSeconds(60));
        story.S.PriceIs(2_015m);
        story.Check(story.Long);

        Assert.Empty(story.Recorded<PositionBreached>());
        story.S.BooksBalance();
    }

    [Fact]
    public void An_open_above_one_over_the_initial_margin_in_force_is_refused()
    {
        var story = new DynamicMarginStory();
        story.Swings();
        var initial = story.InForce()!.Initial;
        var s = story.S;

        var refused = Assert.IsType<PositionCommandRejected>(s.X.Send(new OpenPosition(PositionId.New(), story.Trader, RequestId.New(),
            DynamicMarginStory.Eth, PositionSide.Long, 1_000m, 20m, s.Price(), s.Now) { InitialMarginRate = initial }));
        Assert.Equal(RejectionCodes.AboveMarginRequirement, refused.Reason.Code);
        Assert.Contains($"at most {Math.Round(1m / initial, 2, MidpointRounding.ToZero)}", refused.Reason.Message);

        var fine = s.X.Send(new OpenPosition(PositionId.New(), story.Trader, RequestId.New(),
            DynamicMarginStory.Eth, PositionSide.Long, 1_000m, 10m, s.Price(), s.Now) { InitialMarginRate = initial });
        Assert.IsType<PositionCommandAccepted>(fine);
        s.BooksBalance();
    }

    [Fact]
    public void A_fall_applies_at_once_and_a_return_to_the_floor_is_recorded()
    {
        var story = new DynamicMarginStory();
        story.Swings();
        var s = story.S;

        // Still prices for an hour: σ decays, the requirement comes down in steps and ends on the floor.
        for (var minute = 1; minute <= 60; minute++)
        {
            s.Advance(TimeSpan.FromMinutes(1));
            s.PriceIs(2_015m);
        }

        var changes = story.Recorded<MarginRequirementChanged>();
        Assert.True(changes.Count >= 3, $"{changes.Count} changes");
        Assert.All(changes.Skip(1), c => Assert.True(c.Maintenance < c.PreviousMaintenance && c.GraceUntil == c.At));
        Assert.All(changes.Skip(1).SkipLast(1), c => Assert.True(c.PreviousMaintenance - c.Maintenance >= 0.1m * c.PreviousMaintenance));
        Assert.Equal(new MarginInForce(0.01m, 0.02m, 0.01m), story.InForce());
    }
}
