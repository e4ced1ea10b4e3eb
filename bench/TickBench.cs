using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>
/// A price tick in the risk index against the physical limit of detection: a plain loop over the
/// same positions in arrays, computing the margin test itself for every row.
/// </summary>
public static class TickBench
{
    public static IEnumerable<Result> Run(int positions, int runs)
    {
        var p = new MarketParameters();
        var random = new Random(42);
        var side = new bool[positions];
        var quantity = new decimal[positions];
        var entry = new decimal[positions];
        var collateral = new decimal[positions];
        var book = new RiskBook();
        var cautious = p with { MaintenanceMarginRate = p.MaintenanceMarginRate * RiskThreshold.Cushion };
        var longThresholds = new List<decimal>();
        for (var i = 0; i < positions; i++)
        {
            side[i] = random.Next(2) == 0;
            // Healthy at the calm price: opened within ±0.5% of it.
            entry[i] = 2_000m + random.Next(-10, 11);
            var leverage = 2 + random.Next(0, 48);
            collateral[i] = 100m + random.Next(0, 10_000);
            quantity[i] = collateral[i] * leverage / entry[i];
            var s = side[i] ? PositionSide.Long : PositionSide.Short;
            var threshold = Actors.Positions.PositionMath.LiquidationPrice(s, quantity[i], entry[i], collateral[i], 0, cautious)!.Value;
            book.Upsert(new RiskRow(PositionId.From($"p{i}"), s, threshold));
            if (side[i])
                longThresholds.Add(threshold);
        }

        longThresholds.Sort();
        longThresholds.Reverse();
        var calm = 2_000m;
        var crash = longThresholds[Math.Max(0, positions / 100 - 1)];

        int ScanBreaches(decimal price)
        {
            var breached = 0;
            for (var i = 0; i < positions; i++)
            {
                var pnl = side[i] ? quantity[i] * (price - entry[i]) : quantity[i] * (entry[i] - price);
                var notional = quantity[i] * price;
                if (collateral[i] + pnl - notional * p.CloseFeeRate < notional * cautious.MaintenanceMarginRate)
                    breached++;
            }

            return breached;
        }

        var crossedCalm = 0;
        var crossedCrash = 0;
        var index = Timing.Of(runs * 20, () => crossedCalm = book.Crossed(calm).Count());
        var scan = Timing.Of(runs, () => ScanBreaches(calm));
        var indexCrash = Timing.Of(runs * 5, () => crossedCrash = book.Crossed(crash).Count());
        var scanCrash = Timing.Of(runs, () => ScanBreaches(crash));
        var label = $"tick, {positions:N0} positions";
        yield return new Result(label, $"no threshold crossed ({crossedCalm})", Report.Us(index.Median),
            $"{Report.Us(index.Min)}–{Report.Us(index.Max)}", $"array scan {Report.Us(scan.Median)}",
            Report.Ratio(index.Median / scan.Median), "< 1 ms and ≤ 10× scan");
        yield return new Result(label, $"1% crossed ({crossedCrash})", Report.Us(indexCrash.Median),
            $"{Report.Us(indexCrash.Min)}–{Report.Us(indexCrash.Max)}", $"array scan {Report.Us(scanCrash.Median)}",
            Report.Ratio(indexCrash.Median / scanCrash.Median), "");
    }
}
