namespace LeverageActors.Actors.Simulation;

/// <summary>What makes a population spec usable: one line per problem, naming the field.</summary>
public static class PopulationRules
{
    /// <summary>The domain's smallest position: collateral × leverage below it is refused.</summary>
    public const decimal MinimumNotional = 10m;

    public static IReadOnlyList<string> Check(PopulationSpec s)
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
                problems.Add(problem);
        }

        Require(s.Traders is >= 0 and <= 1_000_000, "traders: must be between 0 and 1,000,000");
        Require(s.LongShare is >= 0 and <= 1, "longShare: must be a fraction in [0, 1]");
        Require(s.CrossShare == 0, "crossShare: cross-margin accounts arrive with issue 16; use 0");
        Require(s.Leverage.IsValid && s.Leverage.Min > 1, "leverage: min must be above 1 and max at least min");
        Require(s.Collateral.IsValid, "collateral: min must be positive and max at least min");
        Require(s.Collateral.Min * s.Leverage.Min >= MinimumNotional,
            $"collateral.min × leverage.min is {s.Collateral.Min * s.Leverage.Min}: below the minimum notional of {MinimumNotional}");
        Require(s.Entry.FromHours >= 0 && s.Entry.ToHours >= s.Entry.FromHours, "entry: fromHours must be ≥ 0 and toHours ≥ fromHours");
        Require(s.TopUp.Share is >= 0 and <= 1 && s.TopUp.AtMarginRatio is > 0 and < 1 && s.TopUp.AddFraction is > 0 and <= 10,
            "topUp: share in [0, 1], atMarginRatio in (0, 1), addFraction in (0, 10]");
        Require(s.StopLoss.Share is >= 0 and <= 1 && s.StopLoss.Distance.IsValid && s.StopLoss.Distance.Max < 1,
            "stopLoss: share in [0, 1], distance between 0 and 1");
        Require(s.Providers.Count is >= 1 and <= 10_000 && s.Providers.Liquidity >= s.Providers.Count,
            "providers: count in [1, 10,000] and liquidity at least 1 per provider");
        Require(s.Providers.Withdraw.Share is >= 0 and <= 1 && s.Providers.Withdraw.OnDrawdown is > 0 and < 1
                && s.Providers.Withdraw.Fraction is > 0 and <= 1,
            "providers.withdraw: share in [0, 1], onDrawdown in (0, 1), fraction in (0, 1]");
        return problems;
    }
}
