using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using Microsoft.Extensions.Configuration;

using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Host.Markets;

/// <summary>
/// Reads the <c>Markets</c> section: one child per market, each parameter optional (a missing one
/// keeps its DESIGN default; <c>Adl:Enabled</c> false switches the market's auto-deleverager off). No section: the three default markets. The <c>Collateral</c> section
/// (<see cref="CollateralConfiguration"/>) sets the weights and caps of their base assets.
/// </summary>
public static class MarketConfiguration
{
    public static MarketCatalog Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Markets");
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
            return configuration.GetSection("Collateral").Exists()
                ? new MarketCatalog(MarketCatalog.Default.Markets,
                    collateral: CollateralConfiguration.Read(configuration, [.. MarketCatalog.Default.Markets.Keys]))
                : MarketCatalog.Default;

        var markets = new Dictionary<MarketId, MarketParameters>();
        var oracles = new Dictionary<MarketId, OracleParameters>();
        var withoutAdl = new HashSet<MarketId>();
        foreach (var child in children)
        {
            if (!IdRules.IsValid(child.Key))
                throw new InvalidOperationException($"Market name '{child.Key}' is not a valid market id");
            var defaults = new MarketParameters();
            var parameters = child.Get<MarketParameters>() ?? defaults;
            Validate(child.Key, parameters);
            markets[MarketId.From(child.Key)] = parameters;
            if (child.GetSection("Adl").GetValue<bool?>("Enabled") == false)
                withoutAdl.Add(MarketId.From(child.Key));
            var margin = MarginConfiguration.Read(child.Key, child.GetSection("DynamicMargin"), parameters);
            var volatility = VolatilityConfiguration.Read(child.Key, child.GetSection("Volatility"), margin?.Horizon(OracleParameters.Default.Latency));
            if (volatility is not null || margin is not null)
                oracles[MarketId.From(child.Key)] = OracleParameters.Default with { Volatility = volatility, Margin = margin };
        }

        return new MarketCatalog(markets, oracles, CollateralConfiguration.Read(configuration, markets.Keys), withoutAdl);
    }

    /// <summary>
    /// The skew is at most the open-interest cap, and the impact is the factor times the skew to the
    /// exponent: past a decimal's range, every settlement of the market's pool would fail, liquidations
    /// included (1e8 to the 4th is 1e32).
    /// </summary>
    private static bool ImpactFits(MarketParameters p)
    {
        try
        {
            var power = Actors.Common.DecimalMath.Power(p.MaxOpenInterest, p.ImpactPower());
            return power < 1e26m && power * Math.Max(p.ImpactCharged(), p.ImpactRebated()) < 1e26m;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static void Validate(string name, MarketParameters p)
    {
        void Require(bool ok, string what)
        {
            if (!ok)
                throw new InvalidOperationException($"Market {name}: {what}");
        }

        Require(p.MaxLeverage > 1, "MaxLeverage must be above 1");
        Require(p.MaintenanceMarginRate > 0 && p.MaintenanceMarginRate < p.InitialMarginRate,
            "MaintenanceMarginRate must be positive and below the initial margin 1/MaxLeverage");
        Require(p.OpenFeeRate is >= 0 and < 1 && p.CloseFeeRate is >= 0 and < 1, "fee rates must be in [0, 1)");
        Require(p.ProtocolFeeShare is >= 0 and <= 1 && p.ReserveFactor is >= 0 and <= 1, "shares must be in [0, 1]");
        Require(p.OptimalUtilization is > 0 and < 1, "OptimalUtilization must be in (0, 1)");
        Require(p.MaxUtilization is > 0 and <= 1, "MaxUtilization must be in (0, 1]");
        // A negative LP fee pays every deposit and withdrawal from the LPs who stay: round trips drain the pool.
        Require(p.LiquidityFeeRate is >= 0 and < 1, "LiquidityFeeRate must be in [0, 1)");
        // Above one, the liquidator is paid more than the penalty, the insurance fund the difference.
        Require(p.LiquidatorShare is >= 0 and <= 1, "LiquidatorShare must be in [0, 1]");
        // Negative, a liquidated trader is paid; above maintenance, a partial liquidation takes more than it restores.
        Require(p.LiquidationPenaltyRate >= 0 && p.LiquidationPenaltyRate <= p.MaintenanceMarginRate,
            "LiquidationPenaltyRate must be at least 0 and at most MaintenanceMarginRate");
        Require(p.LiquidationBuffer is >= 0 and < 1, "LiquidationBuffer must be in [0, 1)");
        Require(p.FullLiquidationThreshold is > 0 and <= 1, "FullLiquidationThreshold must be in (0, 1]");
        // The first deposit mints the locked shares nobody redeems; a smaller one could not pay for them.
        Require(p.MinimumFirstDeposit >= Actors.Pools.LpShares.Locked, $"MinimumFirstDeposit must be at least {Actors.Pools.LpShares.Locked}");
        Require(p.BaseRate >= 0 && p.Slope1 >= 0 && p.Slope2 >= 0, "rates must not be negative");
        Require(p.MaxOpenInterest > 0, "MaxOpenInterest must be positive");
        // Without them a decrease, a partial liquidation or a deleverage may leave 10⁻²⁶ of a position,
        // whose collateral over quantity overflows the risk index's key.
        Require(p.MinNotional > 0 && p.DustNotional > 0, "MinNotional and DustNotional must be positive");
        Require(p.PoolOpenInterestShareInForce() > 0, "PoolOpenInterestShare must be positive");
        Require(p.AdlTarget() > 0 && p.AdlTarget() < p.AdlTrigger(), "AdlTargetFactor must be positive and below MaxPnlFactor");
        Require(p.LpLossLimit() is > 0 and < 1, "MaxLpLossPerDay must be in (0, 1)");
        Require(p.ImpactCharged() >= 0 && p.ImpactRebated() >= 0, "impact factors must not be negative");
        // A rebate larger than the charge pays an open and its close, from the impact pool other traders filled.
        Require(p.ImpactRebated() <= p.ImpactCharged(),
            "PositiveImpactFactor must not exceed NegativeImpactFactor: a trade and its reverse would be paid more rebate than they were charged");
        Require(p.ImpactPower() is >= 1 and <= 4, "ImpactExponent must be in [1, 4]");
        Require(!p.HasImpact() || ImpactFits(p),
            "MaxOpenInterest to the power ImpactExponent, and that times the larger impact factor, must stay below 10^26; lower MaxOpenInterest or ImpactExponent");
        Require(p.ImpactCap() is >= 0 and < 1, "MaxImpactFactor must be in [0, 1)");
        // 0.0001 a second is 864% a day at full skew: anything above is a typo, not a market.
        Require(p.FundingRateFactor() is >= 0 and <= 0.0001m, "FundingFactor must be in [0, 0.0001] (a rate per second)");
        Require(p.FundingPower() is >= 1 and <= 3, "FundingExponent must be in [1, 3]");
    }
}
