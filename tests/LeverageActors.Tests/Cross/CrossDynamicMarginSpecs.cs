using LeverageActors.Actors.Accounts;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Margin;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// Cross positions are held to the dynamic margin in force, as isolated ones are: each mark carries
/// the requirement the oracle published with its price, an open and a withdrawal need the higher of
/// it and the position's own initial rate, and an account is liquidated at the higher liquidation
/// rate once a rise's grace is over. Before, a cross open took the catalog's fixed 2 % in a market
/// whose volatility required ~6.3 %: ~30x of account leverage where an isolated open got at most 15x.
/// </summary>
public sealed class CrossDynamicMarginSpecs
{
    private static readonly AccountId Keeper = AccountId.From("keeper");

    private static object? OpenCross(DynamicMarginStory story, AccountId trader, decimal collateral, decimal leverage) =>
        story.S.X.Send(new OpenPosition(PositionId.New(), trader, RequestId.New(), DynamicMarginStory.Eth, PositionSide.Long, collateral, leverage,
            story.S.Price(), story.S.Now) { Cross = true, Marks = story.S.Marks(), InitialMarginRate = story.InForce()?.Initial });

    private static CrossAccountChecked Check(DynamicMarginStory story, AccountId trader) =>
        Assert.IsType<CrossAccountChecked>(story.S.X.Send(new CheckCrossAccount(trader, story.S.Marks(), Keeper, story.S.Now)));

    [Fact]
    public void A_cross_open_needs_the_initial_margin_in_force_not_the_markets_own()
    {
        var story = new DynamicMarginStory();
        story.Swings();
        var initial = story.InForce()!.Initial;
        Assert.True(initial > 0.06m, $"the swing should require about 6.3 % to open, requires {initial}");
        var trader = story.S.Funded("cross", 1_000m);

        // 30,000 of notional on 1,000 of equity: 600 at the market's own 2 %, ~1,880 at the rate in force.
        var refused = Assert.IsType<PositionCommandRejected>(OpenCross(story, trader, 3_000m, 10m));
        Assert.Equal(RejectionCodes.InsufficientCrossMargin, refused.Reason.Code);

        // 10,000 needs ~628 at the rate in force: admitted, and its requirement recorded at that rate.
        Assert.IsType<PositionCommandAccepted>(OpenCross(story, trader, 1_000m, 10m));
        var admitted = story.Recorded<CrossPositionAdmitted>().Single();
        Assert.Equal(10_000m * initial, admitted.Requirement);
        Assert.Equal(story.InForce(), Assert.Single(admitted.Marks).Margin);
        Assert.Empty(AuditedJournal.Of(story.S.X.Journal, DynamicMarginStory.Catalog(dynamic: true)).Violations);
    }

    [Fact]
    public void An_account_is_liquidated_at_the_maintenance_in_force_once_the_grace_is_over_and_not_before()
    {
        var story = new DynamicMarginStory();
        var trader = story.S.Funded("cross", 1_000m);
        story.S.X.Send(new OpenAccount(Keeper, RequestId.New(), story.S.Now));
        // 45,000 of notional on 1,000: admitted at the market's own 2 % (900) before the market moved.
        Assert.IsType<PositionCommandAccepted>(OpenCross(story, trader, 4_500m, 10m));

        story.Swings();
        // In the grace the account is liquidable at the old 1 % only: ~453 against ~1,290 of equity.
        Assert.True(story.InForce()!.InGrace);
        Assert.False(Check(story, trader).UnderLiquidation);

        story.S.Advance(TimeSpan.FromSeconds(60));
        story.S.PriceIs(2_015m);
        var maintenance = story.InForce()!.Liquidation;
        Assert.True(maintenance > 0.03m, $"the rise should hold positions to about 3.1 %, holds them to {maintenance}");
        // 22.5 ETH at 2,015: ~1,424 required against ~1,290 of equity.
        var checkedAfter = Check(story, trader);

        Assert.True(checkedAfter.UnderLiquidation);
        Assert.Equal(45_337.5m * maintenance, checkedAfter.Requirement);
        Assert.Empty(AuditedJournal.Of(story.S.X.Journal, DynamicMarginStory.Catalog(dynamic: true)).Violations);
    }

    [Fact]
    public void A_mark_recorded_with_a_margin_other_than_the_one_in_force_is_a_finding()
    {
        var story = new DynamicMarginStory();
        story.Swings();
        var trader = story.S.Funded("cross", 1_000m);
        Assert.IsType<PositionCommandAccepted>(OpenCross(story, trader, 1_000m, 10m));

        // A forger lowers the initial rate the admission was decided at, so a larger open would have looked covered.
        var journal = AuditedJournal.Edited(story.S, e => e is CrossPositionAdmitted a
            ? a with { Marks = [.. a.Marks.Select(m => m with { Margin = m.Margin! with { Initial = 0.02m } })] }
            : e);

        var violations = AuditedJournal.Of(journal, DynamicMarginStory.Catalog(dynamic: true)).Violations;
        Assert.Contains(violations, v => v.Rule == "cross-margin-in-force");
    }

    /// <summary>
    /// A review: the audit matched a mark's price and margin to its number but not its age, so a forger
    /// could decide an admission at the quiet market's first price, its 2 % and all, minutes after the rise.
    /// </summary>
    [Fact]
    public void A_mark_of_a_price_too_old_for_the_decision_is_a_finding()
    {
        var story = new DynamicMarginStory();
        var first = story.Recorded<Messages.Oracles.PriceAccepted>().First();
        story.Swings();
        var trader = story.S.Funded("cross", 1_000m);
        Assert.IsType<PositionCommandAccepted>(OpenCross(story, trader, 1_000m, 10m));

        var journal = AuditedJournal.Edited(story.S, e => e is CrossPositionAdmitted a
            ? a with { Marks = [.. a.Marks.Select(m => m with { Price = first.Price, Sequence = first.Sequence, Margin = null })] }
            : e);

        var violations = AuditedJournal.Of(journal, DynamicMarginStory.Catalog(dynamic: true)).Violations;
        Assert.Contains(violations, v => v.Rule == "cross-price" && v.Found.Contains($"#{first.Sequence}"));
    }

    [Fact]
    public void A_mark_without_a_margin_values_positions_at_their_own_rates_as_an_older_node_did()
    {
        var terms = new CrossTerms(DynamicMarginStory.Eth, PositionSide.Long, 5m, 2_000m, 9_000m, 0.0005m, 0.02m, 0.01m);
        var old = new MarketMark(DynamicMarginStory.Eth, 2_000m, 7, 1m);
        var inForce = old with { Margin = new Messages.Oracles.MarginInForce(0.036m, 0.072m, 0.01m) };

        Assert.Equal((0.02m, 0.01m), (CrossMargin.InitialRate(terms, old), CrossMargin.MaintenanceRate(terms, old)));
        // Held to the higher initial at once; liquidated at the liquidation rate, the old one in a rise's grace.
        Assert.Equal((0.072m, 0.01m), (CrossMargin.InitialRate(terms, inForce), CrossMargin.MaintenanceRate(terms, inForce)));
    }
}
