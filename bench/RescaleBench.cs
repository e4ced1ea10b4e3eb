using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>
/// Issue 17's cost of a volatility that moves every threshold: the risk index (its pure twin, which
/// shares ScaledRiskBook and RiskWarnings with the actor) holding N open positions with liquidation
/// and 2σ warning rows moves all of them on a MarginRequirementChanged that moves σ and maintenance
/// (one divisor per side and book since the rows are kept before the requirement; every row was
/// computed again before); and a tick that crosses nobody still touches no row.
/// </summary>
public static class RescaleBench
{
    public static IEnumerable<Result> Run(int positions, int runs)
    {
        var p = new MarketParameters();
        var market = MarketId.From("ETH-USD");
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(42);
        var index = new SimulatedRiskIndex(2m);
        var none = new List<object>();
        for (var i = 0; i < positions; i++)
        {
            var id = PositionId.From($"p{i}");
            var side = random.Next(2) == 0 ? PositionSide.Long : PositionSide.Short;
            var entry = 2_000m + random.Next(-10, 11);
            var leverage = 2 + random.Next(0, 18);
            var collateral = 100m + random.Next(0, 10_000);
            var quantity = collateral * leverage / entry;
            index.Observe(new PositionOpenRequested(id, AccountId.From("t"), RequestId.From($"r{i}"), market, side, collateral, leverage, entry,
                quantity, collateral * leverage, 0m, p, at), none);
            index.Observe(new PositionOpened(id, collateral, 1m, at), none);
        }

        var sequence = 1L;
        MarginRequirementChanged Change(decimal maintenance, decimal sigma) =>
            new(market, maintenance, maintenance * 2, 0.01m, 0.02m, sigma, TimeSpan.FromSeconds(60), at, ++sequence, at);
        index.Observe(Change(0.012m, 0.0005m), none);
        var flip = false;
        var rescale = Timing.Of(runs, () =>
        {
            flip = !flip;
            index.Observe(flip ? Change(0.015m, 0.0007m) : Change(0.012m, 0.0005m), none);
        });
        var sent = new List<object>();
        var tick = Timing.Of(runs * 20, () =>
        {
            sent.Clear();
            index.OnTick(new PriceUpdated(market, 2_000m, at, sequence) { Margin = new MarginInForce(0.012m, 0.024m, 0.012m),
                Scale = new RiskScale(0.0005m, TimeSpan.FromSeconds(60)) }, sent);
        });
        var nobody = sent.Count;
        // The rows did move: the same price reaches more positions after a rise than before it.
        int Reached(MarginRequirementChanged change)
        {
            index.Observe(change, none);
            var found = new List<object>();
            index.OnTick(new PriceUpdated(market, 1_960m, at, sequence), found);
            return found.Count;
        }

        var low = Reached(Change(0.012m, 0.0005m));
        var high = Reached(Change(0.015m, 0.0007m));
        var crossing = Timing.Of(runs * 20, () =>
        {
            sent.Clear();
            index.OnTick(new PriceUpdated(market, 1_960m, at, sequence), sent);
        });
        var label = $"risk index, {positions:N0} positions with 2σ warning rows";
        yield return new Result(label, "σ and maintenance move every row", Report.Us(rescale.Median),
            $"{Report.Us(rescale.Min)}–{Report.Us(rescale.Max)}", "", "", "< 50 ms");
        yield return new Result(label, $"tick crossing nobody ({nobody} checks)", Report.Us(tick.Median),
            $"{Report.Us(tick.Min)}–{Report.Us(tick.Max)}", "", "", "< 1 ms");
        yield return new Result(label, $"tick at 1,960 after the rise ({high:N0} checks; {low:N0} before it)", Report.Us(crossing.Median),
            $"{Report.Us(crossing.Min)}–{Report.Us(crossing.Max)}", "", "", "");
    }
}
