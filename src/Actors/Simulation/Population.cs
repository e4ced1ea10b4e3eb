using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Simulation;

/// <summary>The traders (in the order they open) and the liquidity providers of one simulation.</summary>
public sealed record Population(IReadOnlyList<TraderPlan> Traders, IReadOnlyList<ProviderPlan> Providers)
{
    /// <summary>
    /// Draws a population from its spec with a seed, over the price path's time: the same spec,
    /// seed and start always give the same traders. Each trader's draws come in a fixed order
    /// (side, leverage, collateral, entry, stop-loss, top-up), so a change to one field of the
    /// spec leaves the others' draws alone.
    /// </summary>
    public static Population Generate(PopulationSpec spec, DateTimeOffset start, DateTimeOffset end, ulong seed)
    {
        var from = start + TimeSpan.FromHours((double)spec.Entry.FromHours);
        if (from > end && spec.Traders > 0)
            throw new InvalidDataException($"entry: the window starts {spec.Entry.FromHours} h after the path starts, after it ends ({end:u})");
        var to = Min(start + TimeSpan.FromHours((double)spec.Entry.ToHours), end);

        var random = new SeededRandom(seed);
        var traders = new List<TraderPlan>(spec.Traders);
        for (var i = 1; i <= spec.Traders; i++)
        {
            var side = random.Chance((double)spec.LongShare) ? PositionSide.Long : PositionSide.Short;
            var leverage = spec.Leverage.Draw(random, 2);
            var collateral = spec.Collateral.Draw(random, 2);
            var opensAt = from + TimeSpan.FromSeconds(Math.Floor(random.NextDouble() * (to - from).TotalSeconds));
            var stopDraw = random.NextDouble();
            var stop = spec.StopLoss.Distance.Draw(random, 4);
            var topUp = random.Chance((double)spec.TopUp.Share);
            traders.Add(new TraderPlan(
                AccountId.From($"trader-{i:D6}"), PositionId.From($"position-{i:D6}"), side, collateral, leverage, opensAt,
                stopDraw < (double)spec.StopLoss.Share ? stop : null,
                topUp ? spec.TopUp.AtMarginRatio : null,
                topUp ? Math.Round(collateral * spec.TopUp.AddFraction, 2, MidpointRounding.ToZero) : 0m));
        }

        var providers = new List<ProviderPlan>(spec.Providers.Count);
        var each = Math.Round(spec.Providers.Liquidity / spec.Providers.Count, 2, MidpointRounding.ToZero);
        for (var i = 1; i <= spec.Providers.Count; i++)
        {
            var withdraws = random.Chance((double)spec.Providers.Withdraw.Share);
            providers.Add(new ProviderPlan(AccountId.From($"provider-{i:D3}"), each,
                withdraws ? spec.Providers.Withdraw.OnDrawdown : null, spec.Providers.Withdraw.Fraction));
        }

        return new Population(traders.OrderBy(t => t.OpensAt).ThenBy(t => t.Account.Value, StringComparer.Ordinal).ToList(), providers);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
