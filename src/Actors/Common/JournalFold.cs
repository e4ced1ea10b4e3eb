using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Common;

/// <summary>
/// Every entity's state folded from journal events with the entities' own <c>Apply</c>: what the
/// audit replays and what the saga watchdog searches for unfinished sagas.
/// </summary>
public sealed class JournalFold(MarketCatalog catalog)
{
    public Dictionary<AccountId, AccountState> Accounts { get; } = new();

    public Dictionary<PositionId, PositionState> Positions { get; } = new();

    public Dictionary<MarketId, PoolState> Pools { get; } = new();

    public Dictionary<MarketId, OracleState> Oracles { get; } = new();

    /// <summary>Applies an entity's event; false for an event of no entity kind folded here.</summary>
    public bool Apply(ILeverageEvent evt)
    {
        switch (evt)
        {
            case IPositionEvent e:
                Positions[e.PositionId] = PositionBefore(e.PositionId).Apply(e);
                return true;
            case IAccountEvent or IAccountTransferEvent:
                var id = AccountOf(evt);
                Accounts[id] = (Accounts.GetValueOrDefault(id) ?? AccountState.Initial(id)).Apply(evt);
                return true;
            case IPoolEvent e:
                Pools[e.Market] = (Pools.GetValueOrDefault(e.Market) ?? PoolState.Initial(e.Market, catalog.Find(e.Market))).Apply(e);
                return true;
            case IOracleEvent e:
                Oracles[e.Market] = (Oracles.GetValueOrDefault(e.Market) ?? OracleState.Initial(e.Market, catalog.Oracle(e.Market))).Apply(e);
                return true;
            default:
                return false;
        }
    }

    public PositionState PositionBefore(PositionId id) => Positions.GetValueOrDefault(id) ?? PositionState.Initial(id, catalog);

    public static AccountId AccountOf(ILeverageEvent evt) =>
        evt is IAccountEvent a ? a.AccountId : ((IAccountTransferEvent)evt).AccountId;
}
