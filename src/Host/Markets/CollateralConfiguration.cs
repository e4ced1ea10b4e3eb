using LeverageActors.Actors.Assets;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Host.Markets;

/// <summary>
/// Reads the <c>Collateral</c> section: one child per asset (<c>ETH</c>, ...), each parameter optional
/// (a missing one keeps the asset's default). Only the base asset of a configured USD market can be
/// collateral, since nothing else has an oracle; USD itself is not configurable.
/// </summary>
public static class CollateralConfiguration
{
    public static CollateralAssets Read(IConfiguration configuration, IReadOnlyCollection<MarketId> markets)
    {
        var known = markets.Select(CollateralAssets.BaseOf).OfType<AssetId>().ToHashSet();
        var configured = new Dictionary<AssetId, CollateralParameters>();
        foreach (var child in configuration.GetSection("Collateral").GetChildren())
        {
            if (!IdRules.IsValid(child.Key) || !known.Contains(AssetId.From(child.Key)))
                throw new InvalidOperationException(
                    $"Collateral '{child.Key}' is not the base asset of a USD market here; assets: {string.Join(", ", known.Select(a => a.Value).Order(StringComparer.Ordinal))}");
            var asset = AssetId.From(child.Key);
            var defaults = CollateralAssets.Defaults.GetValueOrDefault(asset) ?? new CollateralParameters();
            var parameters = new CollateralParameters(
                child.GetValue(nameof(CollateralParameters.InitialWeight), defaults.InitialWeight),
                child.GetValue(nameof(CollateralParameters.MaintenanceWeight), defaults.MaintenanceWeight),
                child.GetValue(nameof(CollateralParameters.DepositCap), defaults.DepositCap))
            {
                LiquidationBonus = child.GetValue<decimal?>(nameof(CollateralParameters.LiquidationBonus)) ?? defaults.LiquidationBonus,
            };
            Validate(child.Key, parameters);
            configured[asset] = parameters;
        }

        return CollateralAssets.For(markets, configured);
    }

    private static void Validate(string name, CollateralParameters p)
    {
        if (p.InitialWeight is <= 0 or > 1)
            throw new InvalidOperationException($"Collateral {name}: InitialWeight must be in (0, 1]");
        if (p.MaintenanceWeight < p.InitialWeight || p.MaintenanceWeight > 1)
            throw new InvalidOperationException($"Collateral {name}: MaintenanceWeight must be in [InitialWeight, 1]");
        if (p.BonusInForce() is < 0 or >= 1)
            throw new InvalidOperationException($"Collateral {name}: LiquidationBonus must be in [0, 1)");
        // An account is liquidated once its weighted collateral no longer covers its debt; sold at the
        // bonus, that collateral must still cover it, or the pools pay the liquidator's discount.
        if (p.MaintenanceWeight > 1 - p.BonusInForce())
            throw new InvalidOperationException(
                $"Collateral {name}: MaintenanceWeight ({p.MaintenanceWeight}) must be at most 1 − LiquidationBonus ({1 - p.BonusInForce()}): " +
                "a sale at the bonus must cover the debt the weight lets the account carry");
        if (p.DepositCap < 0)
            throw new InvalidOperationException($"Collateral {name}: DepositCap must not be negative");
    }
}
