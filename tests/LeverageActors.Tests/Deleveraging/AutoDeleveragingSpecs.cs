using LeverageActors.Actors.Deleveraging;
using LeverageActors.Actors.Positions.Operations;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Deleveraging;

/// <summary>
/// Auto-deleveraging on the pure states: the trigger, the ranking, the amount, the skips, and the
/// audit's proof of each. The books balance after every story.
/// </summary>
public class AutoDeleveragingSpecs
{
    [Fact]
    public void Below_the_limit_nothing_is_reduced()
    {
        var s = new AdlStory();
        // At 3,500 the longs are owed 3,000 + 2,250 + 1,000 + 1,200 + 600 = 8,050, the short loses 99.9
        // (its collateral): 7,950.1 on a pool of about 10,000, below 0.85.
        Assert.Empty(s.Tick(3_500m));
        Assert.InRange(s.Factor(), 0.79m, 0.80m);
    }

    [Fact]
    public void A_one_sided_rally_past_85_percent_reduces_the_best_ranked_longs_to_77_percent_and_the_audit_proves_the_order()
    {
        var s = new AdlStory();
        var before = s.S.Pool().Assets;

        // At 4,000 every long is at its cap (its reservation): 8,800 owed, 99.9 lost by the short.
        var asked = s.Tick(4_000m);

        // Scores (PnL / collateral) × (notional / collateral): A 3,600/398 × 8,000/398 = 181.8,
        // B 2,400/598.5 × 6,000/598.5 = 40.2, E 600/299.55 × 1,800/299.55 = 12.0, D 7.5, C 4.0.
        // Profit to realise x = (N − 0.77·V) / (1 − 0.77); A's 3,600 is not enough, B gives the rest.
        var net = 8_800m - 99.9m;
        var round = s.Watch.Round!;
        Assert.Equal(net, round.NetPnl);
        Assert.Equal(before, round.PoolValue);
        Assert.True(net / before > 0.85m);
        var x = (net - 0.77m * before) / 0.23m;
        Assert.Equal(x, round.ToRealise);
        // The README's worked example: V ≈ 10,005 (the deposit and the LPs' part of the fees), x ≈ 4,330, B closes about 0.30.
        Assert.InRange(before, 10_000m, 10_010m);
        Assert.InRange(x, 4_320m, 4_340m);
        Assert.Equal([s.A, s.B], asked.Select(c => c.PositionId));
        Assert.Equal([1, 2], asked.Select(c => c.Rank));
        Assert.Equal(1m, asked[0].Fraction);
        Assert.Equal(Math.Round((x - 3_600m) / 2_400m, 6, MidpointRounding.ToPositiveInfinity), asked[1].Fraction);
        Assert.InRange(asked[1].Fraction, 0.30m, 0.31m);
        Assert.Equal([s.E, s.D, s.C], round.Ranked.Skip(2).Select(c => c.Id));

        Assert.Equal(PositionStatus.Closed, s.S.Position(s.A).Status);
        Assert.Equal(1.5m * (1 - asked[1].Fraction), s.S.Position(s.B).Quantity);
        foreach (var untouched in new[] { s.C, s.D, s.E, s.F })
            Assert.Equal(PositionStatus.Open, s.S.Position(untouched).Status);
        Assert.Equal(1m, s.S.Position(s.C).Quantity);
        Assert.True(s.Factor() <= 0.77m, $"factor after ADL {s.Factor()}");
        // Every reduction was at the oracle's price: the pool paid the capped profit, no slippage.
        Assert.All(s.Reductions(), r => Assert.Equal(4_000m, r.Price));
        s.S.BooksBalance();

        var audit = s.Audit();
        Assert.Empty(audit.Violations);
        Assert.Equal(2, audit.Deleverages.Count);
        Assert.All(audit.Deleverages, p => Assert.True(p.Triggered));
        Assert.True(audit.Deleverages[0].Score > audit.Deleverages[1].Score);

        // Once done, the next price above the target and under the limit starts nothing.
        Assert.Empty(s.Tick(4_000m));
    }

    [Fact]
    public void A_position_closing_or_awaiting_its_liquidator_is_skipped_and_the_next_in_the_ranking_is_reduced_instead()
    {
        var s = new AdlStory();
        s.Catch();
        // E breaches at 1,200 and no liquidator comes; then A's owner starts closing, and the pool has
        // not answered yet when the deleverager, which has not read either, ranks.
        s.S.PriceIs(1_900m);
        var watchBehind = s.S.X.Journal.Count;
        s.S.PriceIs(1_200m);
        s.S.Check(s.E);
        Assert.NotNull(s.S.Position(s.E).OpenBreach);
        s.S.PriceIs(4_000m);
        s.S.X.Send(new ClosePosition(s.A, s.S.Position(s.A).Account, Messages.Ids.RequestId.New(), 4_000m, s.S.Now), maxDeliveries: 1);
        Assert.NotNull(s.S.Position(s.A).Operation<Settling>());
        Assert.True(watchBehind > 0);

        var asked = s.Tick(4_000m, catchUp: false);

        Assert.Equal(s.A, asked[0].PositionId);
        Assert.Contains(s.Answers, a => a.PositionId == s.A && !a.Started && a.Skipped == "closing or moving collateral");
        Assert.DoesNotContain(s.Reductions(), r => r.PositionId == s.A || r.PositionId == s.E);
        var reduced = s.Reductions().Select(r => r.PositionId).ToList();
        Assert.Equal(s.B, reduced[0]);
        if (asked.Any(c => c.PositionId == s.E))
            Assert.Contains(s.Answers, a => a.PositionId == s.E && !a.Started && a.Skipped == "being liquidated");

        s.S.X.RetryOutboxes();
        s.S.BooksBalance();
        Assert.DoesNotContain(s.Audit().Violations, v => v.Rule.StartsWith("adl", StringComparison.Ordinal));
    }

    /// <summary>
    /// Reviews of this session: a position holding other than what was ranked was skipped, so its owner,
    /// adding a millionth of collateral whenever the deleverager might rank, kept the best-ranked position
    /// out of every round and the next-ranked were cut in its place. Collateral added since is no reason.
    /// </summary>
    [Fact]
    public void Collateral_added_since_the_ranking_does_not_take_the_best_ranked_out_of_the_round()
    {
        var s = new AdlStory();
        s.Catch();
        var ranked = s.S.Position(s.A);
        Assert.IsType<PositionCommandAccepted>(s.S.X.Send(new AddCollateral(s.A, ranked.Account, Messages.Ids.RequestId.New(), 0.000001m, s.S.Now)));

        var asked = s.Tick(4_000m, catchUp: false);

        Assert.Equal(s.A, asked[0].PositionId);
        var first = s.Reductions().First();
        Assert.Equal(s.A, first.PositionId);
        Assert.Equal(ranked.Collateral, first.RankedCollateral);
        Assert.Equal(ranked.Collateral + 0.000001m, first.Collateral);
        s.S.X.RetryOutboxes();
        s.S.BooksBalance();
        Assert.DoesNotContain(s.Audit().Violations, v => v.Rule.StartsWith("adl", StringComparison.Ordinal));
    }

    /// <summary>
    /// A review: the owner of the best-ranked position, taking out a millionth of collateral (or asking
    /// for a removal refused for nothing) on every tick, was skipped as "holding changed" or "moving
    /// collateral", and the next-ranked winners were cut in his place while he kept his claim on the pool.
    /// </summary>
    [Fact]
    public void Collateral_taken_out_since_the_ranking_does_not_take_the_best_ranked_out_of_the_round()
    {
        var s = new AdlStory();
        s.Catch();
        var ranked = s.S.Position(s.A);
        Assert.IsType<PositionCommandAccepted>(s.S.X.Send(new RemoveCollateral(s.A, ranked.Account, Messages.Ids.RequestId.New(), 0.000001m, 2_000m, s.S.Now)));
        Assert.Equal(ranked.Collateral - 0.000001m, s.S.Position(s.A).Collateral);

        var asked = s.Tick(4_000m, catchUp: false);

        Assert.Equal(s.A, asked[0].PositionId);
        var first = s.Reductions().First();
        Assert.Equal(s.A, first.PositionId);
        Assert.Equal(ranked.Collateral, first.RankedCollateral);
        Assert.Equal(ranked.Collateral - 0.000001m, first.Collateral);
        s.S.X.RetryOutboxes();
        s.S.BooksBalance();
        Assert.DoesNotContain(s.Audit().Violations, v => v.Rule.StartsWith("adl", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deleverage_waits_for_a_removal_in_flight_instead_of_passing_the_position_by()
    {
        var s = new AdlStory();
        var position = s.S.Position(s.A);
        // The pool's borrow index has not come back: the removal is in flight.
        s.S.X.Send(new RemoveCollateral(s.A, position.Account, Messages.Ids.RequestId.New(), position.Collateral / 2, 2_000m, s.S.Now), maxDeliveries: 1);
        var removing = s.S.Position(s.A);
        Assert.NotNull(removing.Operation<CollateralRemoval>());

        var deleverage = new AutoDeleverage(s.A, ExchangeStory.Eth, 1, 1, 1m, 4_000m, 1, s.S.Now, removing.Quantity, removing.Collateral, 1m, 1m, s.S.Now);
        Assert.True(removing.Defers(deleverage));
        Assert.Null(removing.Overdue(deleverage));
    }

    [Fact]
    public void The_score_is_pnl_over_collateral_times_leverage()
    {
        Assert.Equal(3_600m / 398m * (8_000m / 398m), AdlMath.Score(3_600m, 398m, 8_000m));
        Assert.Equal(1m, AdlMath.Fraction(5_000m, 3_600m, 8_000m, 10m));
        Assert.Equal(0.5m, AdlMath.Fraction(1_800m, 3_600m, 8_000m, 10m));
        // A remainder under the dust notional closes it all.
        Assert.Equal(1m, AdlMath.Fraction(3_599m, 3_600m, 8_000m, 10m));
        Assert.Equal(0m, AdlMath.ProfitToRealise(7_000m, 10_000m, 0.77m));
        // (8,000 − 2,000) / (10,000 − 2,000) = 0.75.
        Assert.Equal(2_000m, AdlMath.ProfitToRealise(8_000m, 10_000m, 0.75m));
    }
}
