namespace LeverageActors.Actors.Simulation;

/// <summary>
/// Who trades in a simulation, as a small JSON file: how many traders, their leverage, side and
/// size, when they open (hours after the price path starts), who tops up collateral or sets a
/// stop-loss, and the liquidity providers with how they withdraw. Every draw comes from a seeded
/// generator, so a spec and a seed name one population.
/// </summary>
public sealed record PopulationSpec
{
    public int Traders { get; init; } = 10_000;

    /// <summary>Fraction of traders who go long; the rest go short.</summary>
    public decimal LongShare { get; init; } = 0.7m;

    /// <summary>Fraction of traders on cross-margin accounts.</summary>
    public decimal CrossShare { get; init; }

    /// <summary>Drawn with 2 decimal places (the domain refuses more).</summary>
    public Distribution Leverage { get; init; } = new(2m, 25m, DistributionShape.LogUniform);

    /// <summary>Drawn with 2 decimal places; with the leverage, at least the minimum notional.</summary>
    public Distribution Collateral { get; init; } = new(50m, 5_000m, DistributionShape.LogUniform);

    public EntryWindow Entry { get; init; } = new(0m, 24m);

    public TopUpBehaviour TopUp { get; init; } = new(0.2m, 0.03m, 0.5m);

    public StopLossBehaviour StopLoss { get; init; } = new(0.3m, new Distribution(0.03m, 0.2m));

    public ProviderSpec Providers { get; init; } = new(10, 100_000_000m, new WithdrawalBehaviour(0.5m, 0.02m, 0.5m));
}

/// <summary>Traders open uniformly between <c>FromHours</c> and <c>ToHours</c> after the price path's first point.</summary>
public sealed record EntryWindow(decimal FromHours, decimal ToHours);

/// <summary>
/// <c>Share</c> of traders add <c>AddFraction</c> of their opening collateral, once, when the
/// oracle price takes their position's equity below <c>AtMarginRatio</c> of its notional.
/// </summary>
public sealed record TopUpBehaviour(decimal Share, decimal AtMarginRatio, decimal AddFraction);

/// <summary><c>Share</c> of traders close when the oracle price moves <c>Distance</c> (a fraction of entry) against them.</summary>
public sealed record StopLossBehaviour(decimal Share, Distribution Distance);

/// <summary><c>Count</c> providers put <c>Liquidity</c> (in total, split evenly) into the pool before anyone trades.</summary>
public sealed record ProviderSpec(int Count, decimal Liquidity, WithdrawalBehaviour Withdraw);

/// <summary>
/// <c>Share</c> of providers withdraw <c>Fraction</c> of their shares, once, when the share price
/// falls <c>OnDrawdown</c> below its peak.
/// </summary>
public sealed record WithdrawalBehaviour(decimal Share, decimal OnDrawdown, decimal Fraction);
