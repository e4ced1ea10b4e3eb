using System.Collections.Immutable;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Assets;

/// <summary>
/// The assets an account may hold besides USD: the base asset of every market quoted in USD
/// (<c>ETH-USD</c> gives <c>ETH</c>), since only an asset with an oracle can ever be valued. Weights
/// and caps default like Drift's; configuration overrides them per asset.
/// </summary>
public sealed class CollateralAssets
{
    private const string UsdQuote = "-USD";

    /// <summary>Drift's weights for its majors; an asset not listed here gets <see cref="CollateralParameters"/>' cautious defaults.</summary>
    public static readonly ImmutableDictionary<AssetId, CollateralParameters> Defaults = new Dictionary<AssetId, CollateralParameters>
    {
        [AssetId.From("ETH")] = new(0.80m, 0.90m, 100_000m),
        [AssetId.From("BTC")] = new(0.80m, 0.90m, 5_000m),
        [AssetId.From("SOL")] = new(0.75m, 0.85m, 2_000_000m),
    }.ToImmutableDictionary();

    private readonly ImmutableDictionary<AssetId, CollateralAsset> _assets;

    private CollateralAssets(ImmutableDictionary<AssetId, CollateralAsset> assets) => _assets = assets;

    /// <summary>One asset per USD-quoted market; <paramref name="configured"/> replaces an asset's defaults.</summary>
    public static CollateralAssets For(IEnumerable<MarketId> markets, IReadOnlyDictionary<AssetId, CollateralParameters>? configured = null)
    {
        var assets = ImmutableDictionary.CreateBuilder<AssetId, CollateralAsset>();
        foreach (var market in markets)
            if (BaseOf(market) is { } asset)
                assets[asset] = new CollateralAsset(asset, market,
                    configured?.GetValueOrDefault(asset) ?? Defaults.GetValueOrDefault(asset) ?? new CollateralParameters());
        return new CollateralAssets(assets.ToImmutable());
    }

    /// <summary>Every collateral asset, USD excluded, by name.</summary>
    public IEnumerable<CollateralAsset> All => _assets.Values.OrderBy(a => a.Asset.Value, StringComparer.Ordinal);

    public CollateralAsset? Find(AssetId asset) => _assets.GetValueOrDefault(asset);

    /// <summary>USD and the collateral assets, as a caller may name them.</summary>
    public IEnumerable<AssetId> Names => [AssetId.Usd, .. All.Select(a => a.Asset)];

    /// <summary>The asset a USD-quoted market prices; null for any other market (and for USD itself).</summary>
    public static AssetId? BaseOf(MarketId market) =>
        market.Value.EndsWith(UsdQuote, StringComparison.Ordinal) && market.Value.Length > UsdQuote.Length
        && market.Value[..^UsdQuote.Length] is var name && name != AssetId.Usd.Value
            ? AssetId.From(name)
            : null;
}
