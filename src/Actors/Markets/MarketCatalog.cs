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
    CollateralAssets? collateral = null)
{
    public static readonly ImmutableArray<string> DefaultMarkets = ["ETH-USD", "BTC-USD", "SOL-USD"];

    /// <summary>ETH-USD, BTC-USD and SOL-USD with the DESIGN defaults.</summary>
    public static MarketCatalog Default { get; } =
        new(DefaultMarkets.ToDictionary(MarketId.From, _ => new MarketParameters()));

    public IReadOnlyDictionary<MarketId, MarketParameters> Markets { get; } = markets;

    /// <summary>The assets accounts may deposit besides USD: by default the base asset of each USD market.</summary>
    public CollateralAssets Collateral { get; } = collateral ?? CollateralAssets.For(markets.Keys);

    public MarketParameters? Find(MarketId market) => Markets.GetValueOrDefault(market);

    /// <summary>How the market's oracle aggregates; null for a market not traded here.</summary>
    public OracleParameters? Oracle(MarketId market) =>
        Markets.ContainsKey(market) ? oracles?.GetValueOrDefault(market) ?? OracleParameters.Default : null;
}
