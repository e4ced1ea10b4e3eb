using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// A market's open positions counted by how far the price may move against them before their
/// exact liquidation price (maintenance as the market sets it, interest to the pool's index),
/// not by the index's cautious check thresholds. Public aggregates only: no id leaves here.
/// </summary>
public static class RiskProfiles
{
    /// <summary>Closer than this fraction of the price to liquidation counts as at risk.</summary>
    public const decimal AtRiskDistance = 0.02m;

    /// <summary>Lower bounds of the buckets after the first (which holds everything below 0).</summary>
    private static readonly decimal[] Edges = [0m, 0.01m, 0.02m, 0.05m, 0.10m, 0.25m];

    public static RiskProfile Of(MarketId market, bool caughtUp, IEnumerable<RiskPosition> positions, PriceUpdated? tick, decimal borrowIndex)
    {
        var longs = new int[Edges.Length + 1];
        var shorts = new int[Edges.Length + 1];
        var notional = new decimal[Edges.Length + 1];
        int open = 0, atRisk = 0, opening = 0, settling = 0, liquidating = 0;
        foreach (var p in positions)
        {
            if (p.Status == PositionStatus.Opening)
            {
                opening++;
                continue;
            }

            open++;
            if (p.SettlingFraction > 0)
                settling++;
            if (p.LiquidatingFraction > 0)
                liquidating++;
            if (tick is null || tick.Price <= 0 || Distance(p, tick.Price, borrowIndex) is not { } distance)
                continue;

            var bucket = Edges.Count(edge => distance >= edge);
            (p.Side == PositionSide.Long ? longs : shorts)[bucket]++;
            notional[bucket] += p.Quantity * tick.Price;
            if (distance < AtRiskDistance)
                atRisk++;
        }

        var buckets = new List<RiskBucket>(Edges.Length + 1);
        for (var i = 0; i <= Edges.Length; i++)
            buckets.Add(new RiskBucket(i == 0 ? null : Edges[i - 1], i == Edges.Length ? null : Edges[i], longs[i], shorts[i],
                Math.Round(notional[i], 2, MidpointRounding.ToZero)));
        return new RiskProfile(market, caughtUp, tick?.Price, tick?.Sequence ?? 0, tick?.At, open, atRisk, AtRiskDistance,
            opening, settling, liquidating, buckets);
    }

    /// <summary>The fraction of <paramref name="price"/> the market may move against the position before it reaches maintenance.</summary>
    public static decimal? Distance(RiskPosition p, decimal price, decimal borrowIndex)
    {
        var interest = BorrowRateModel.InterestOwed(p.Reserved, p.BorrowIndexAtOpen, borrowIndex);
        if (PositionMath.LiquidationPrice(p.Side, p.Quantity, p.EntryPrice, p.Collateral, interest, p.Parameters) is not { } liquidation)
            return null;
        return (p.Side == PositionSide.Long ? price - liquidation : liquidation - price) / price;
    }
}
