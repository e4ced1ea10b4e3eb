using Akka.Actor;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// Delivers messages between entities through their shard regions (never to an actor ref that
/// may have passivated), so a message to a sleeping entity wakes it.
/// </summary>
public sealed class EntityRouter(IActorRef accounts, IActorRef positions, IActorRef pools, IActorRef oracles)
{
    public static bool IsRoutable(object message) =>
        message is IWithAccountId or IWithPositionId or IWithMarketId or IWithOracleMarket;

    public void Tell(object message, IActorRef sender) => RegionOf(message).Tell(message, sender);

    /// <summary>The shard region of the entity the message names.</summary>
    public IActorRef RegionOf(object message) => message switch
    {
        IWithPositionId => positions,
        IWithAccountId => accounts,
        IWithMarketId => pools,
        IWithOracleMarket => oracles,
        _ => throw new ArgumentException($"{message.GetType().Name} names no entity", nameof(message)),
    };
}
