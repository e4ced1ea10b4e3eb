using System.Collections.Immutable;
using LeverageActors.Actors.Assets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Markets;

/// <summary>The markets a node trades, by name, each with its parameters.</summary>
public sealed class MarketCatalog(
    IReadOnlyDictionary<MarketId, MarketParameters> markets,
    IReadOnlyDictionary<MarketId, OracleParameters>? oracles = null,
    CollateralAssets? collateral = null,
    IReadOnlySet<MarketId>? withoutAdl = null)
{
    public static readonly ImmutableArray<string> DefaultMarkets = ["ETH-USD", "BTC-USD", "SOL-USD"];

    /// <summary>ETH-USD, BTC-USD and SOL-USD with the DESIGN defaults.</summary>
    public static MarketCatalog Default { get; } =
        new(DefaultMarkets.ToDictionary(MarketId.From, _ => new MarketParameters()));

    public IReadOnlyDictionary<MarketId, MarketParameters> Markets { get; } = markets;

    /// <summary>The assets accounts may deposit besides USD: by default the base asset of each USD market.</summary>
    public CollateralAssets Collateral { get; } = collateral ?? CollateralAssets.For(markets.Keys);

    /// <summary>
    /// Whether the market's auto-deleverager runs: on unless its configuration says <c>Adl:Enabled</c>
    /// false. Not a market parameter: it changes no event, only which watchers a node starts.
    /// </summary>
    public bool AdlEnabled(MarketId market) => Markets.ContainsKey(market) && withoutAdl?.Contains(market) != true;

    public MarketParameters? Find(MarketId market) => Markets.GetValueOrDefault(market);

    /// <summary>How the market's oracle aggregates; null for a market not traded here.</summary>
    public OracleParameters? Oracle(MarketId market) =>
        Markets.ContainsKey(market) ? oracles?.GetValueOrDefault(market) ?? OracleParameters.Default : null;
}
