using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Assets;

/// <summary>A collateral asset, the market whose oracle prices it, and its weights and cap.</summary>
public sealed record CollateralAsset(AssetId Asset, MarketId Market, CollateralParameters Parameters);
