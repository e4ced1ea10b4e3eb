using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Assets;

/// <summary>The sharded entity <c>asset-{id}</c> around <see cref="AssetLedgerState"/>.</summary>
public sealed class AssetLedgerActor(AssetId asset, MarketCatalog catalog, EntityRouter router)
    : EntityActor<AssetLedgerState, IAssetLedgerEvent>(PersistenceIds.Asset(asset), AssetLedgerState.Initial(asset, catalog), Tags, router)
{
    private static readonly ImmutableTags Tags = new("asset");

    protected override object KeepAlive => new GetAssetLedger(asset);
}
