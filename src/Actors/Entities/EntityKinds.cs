using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Assets;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// The sharded entity kinds, in one table: the wiring starts a region per row, the router and the
/// in-process exchange deliver a message to the first row whose marker it carries, and the journal
/// fold applies an event to the first row that owns it. A new kind is a new row.
/// </summary>
public static class EntityKinds
{
    public static readonly EntityKind<PositionId, PositionState, IPositionEvent> Position = new(
        "position", ShardCounts.Positions, RegionKey.Of<PositionRegion>(),
        addressee: m => m is IWithPositionId p ? p.PositionId : null,
        owner: e => e is IPositionEvent p ? p.PositionId : null,
        persistenceId: PersistenceIds.Position,
        initial: PositionState.Initial,
        actor: (id, catalog, router, clock) => EntityProps.Of(() => new PositionActor(id, catalog, router, clock)));

    /// <summary>An account folds its own events and the transfers positions and pools ask of it.</summary>
    public static readonly EntityKind<AccountId, AccountState, ILeverageEvent> Account = new(
        "account", ShardCounts.Accounts, RegionKey.Of<AccountRegion>(),
        addressee: m => m is IWithAccountId a ? a.AccountId : null,
        owner: e => e switch
        {
            IAccountEvent a => a.AccountId,
            IAccountTransferEvent t => t.AccountId,
            IAccountAssetEvent s => s.AccountId,
            IAccountLiquidationEvent l => l.AccountId,
            _ => null,
        },
        persistenceId: PersistenceIds.Account,
        initial: (id, catalog) => AccountState.Initial(id, catalog),
        actor: (id, catalog, router, _) => EntityProps.Of(() => new AccountActor(id, catalog, router)));

    public static readonly EntityKind<MarketId, PoolState, IPoolEvent> Pool = new(
        "pool", ShardCounts.Pools, RegionKey.Of<PoolRegion>(),
        addressee: m => m is IWithMarketId p ? p.Market : null,
        owner: e => e is IPoolEvent p ? p.Market : null,
        persistenceId: PersistenceIds.Pool,
        initial: (market, catalog) => PoolState.Initial(market, catalog.Find(market)),
        actor: (market, catalog, router, _) => EntityProps.Of(() => new PoolActor(market, catalog, router))) { StaysAwake = true };

    /// <summary>One oracle per market, as many shards as the pools.</summary>
    public static readonly EntityKind<MarketId, OracleState, IOracleEvent> Oracle = new(
        "oracle", ShardCounts.Pools, RegionKey.Of<OracleRegion>(),
        addressee: m => m is IWithOracleMarket o ? o.Market : null,
        owner: e => e is IOracleEvent o ? o.Market : null,
        persistenceId: PersistenceIds.Oracle,
        initial: (market, catalog) => OracleState.Initial(market, catalog.Oracle(market)),
        actor: (market, catalog, router, _) => EntityProps.Of(() => new OracleActor(market, catalog.Oracle(market), router))) { StaysAwake = true };

    /// <summary>The deposit ledger of a collateral asset: what accounts hold of it together, against its cap.</summary>
    public static readonly EntityKind<AssetId, AssetLedgerState, IAssetLedgerEvent> Asset = new(
        "asset", ShardCounts.Assets, RegionKey.Of<AssetRegion>(),
        addressee: m => m is IWithAsset a ? a.Asset : null,
        owner: e => e is IAssetLedgerEvent a ? a.Asset : null,
        persistenceId: PersistenceIds.Asset,
        initial: AssetLedgerState.Initial,
        actor: (asset, catalog, router, _) => EntityProps.Of(() => new AssetLedgerActor(asset, catalog, router)));

    /// <summary>
    /// In the order a message or an event is matched against the rows: a message that carries more
    /// than one marker goes to the first (a position's, before its market's pool).
    /// </summary>
    public static IReadOnlyList<EntityKind> All { get; } = Numbered(Position, Account, Pool, Oracle, Asset);

    /// <summary>The kind of the entity a message is for; null when it names none.</summary>
    public static EntityKind? AddresseeOf(object message)
    {
        foreach (var kind in All)
            if (kind.EntityIdOf(message) is not null)
                return kind;
        return null;
    }

    /// <summary>The kind whose states fold an event; null for an event no entity persists (e.g. a liquidator's).</summary>
    public static EntityKind? OwnerOf(ILeverageEvent evt)
    {
        foreach (var kind in All)
            if (kind.Owns(evt))
                return kind;
        return null;
    }

    private static EntityKind[] Numbered(params EntityKind[] kinds)
    {
        for (var i = 0; i < kinds.Length; i++)
            kinds[i].Index = i;
        return kinds;
    }
}
