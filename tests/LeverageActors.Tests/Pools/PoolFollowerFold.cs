using LeverageActors.Actors.Common;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Pools;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Tests.Pools;

/// <summary>
/// A journal folded twice: into the pools, as the audit folds them, and into one part of a pool
/// alone per market, as a follower (risk index, deleverager, funding watch) folds it.
/// </summary>
public static class PoolFollowerFold
{
    /// <summary>Calls <paramref name="check"/> with the pool and the follower's fold after every pool event; returns how many.</summary>
    public static int AfterEveryPoolEvent<T>(MarketCatalog catalog, IEnumerable<ILeverageEvent> journal, T initial,
        Func<T, IPoolEvent, T> apply, Action<PoolState, T> check)
    {
        var pools = new JournalFold(catalog);
        var alone = new Dictionary<MarketId, T>();
        var folded = 0;
        foreach (var evt in journal)
        {
            pools.Apply(evt);
            if (evt is not IPoolEvent e)
                continue;
            var follower = alone[e.Market] = apply(alone.TryGetValue(e.Market, out var known) ? known : initial, e);
            check(pools.Pools[e.Market], follower);
            folded++;
        }

        return folded;
    }
}
