using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Assets;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Common;

/// <summary>
/// Every entity's state folded from journal events with the entities' own <c>Apply</c>: what the
/// audit replays and what the saga watchdog searches for unfinished sagas.
/// </summary>
public sealed class JournalFold(MarketCatalog catalog)
{
    public EntityStates States { get; } = new(catalog);

    public Dictionary<AccountId, AccountState> Accounts => States.Of(EntityKinds.Account);

    public Dictionary<PositionId, PositionState> Positions => States.Of(EntityKinds.Position);

    public Dictionary<MarketId, PoolState> Pools => States.Of(EntityKinds.Pool);

    public Dictionary<MarketId, OracleState> Oracles => States.Of(EntityKinds.Oracle);

    public Dictionary<AssetId, AssetLedgerState> AssetLedgers => States.Of(EntityKinds.Asset);

    /// <summary>Applies an entity's event; false for an event of no entity kind folded here.</summary>
    public bool Apply(ILeverageEvent evt)
    {
        foreach (var kind in EntityKinds.All)
            if (kind.Fold(States, evt))
                return true;
        return false;
    }

    public PositionState PositionBefore(PositionId id) => Positions.GetValueOrDefault(id) ?? EntityKinds.Position.Initial(id, catalog);

    public static AccountId AccountOf(ILeverageEvent evt) =>
        EntityKinds.Account.OwnerOf(evt) ?? throw new ArgumentException($"{evt.GetType().Name} is no account's event", nameof(evt));
}
