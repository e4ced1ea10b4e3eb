using System.Collections.Concurrent;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api;

/// <summary>
/// LP requests' checks (<c>CheckLiquidityRequest</c>), one at a time per pool from this node's API (each node's API
/// gates its own). A check values the
/// pool at the price: a walk over every open position of the market on the pool's actor, which
/// every settlement and liquidation of the market waits for. A refused check costs its sender
/// nothing, so unbounded, a flood of them (withdrawals of a millionth of a share, which redeem
/// nothing) queued walks by the thousand ahead of liquidations; one at a time, a liquidation
/// waits for one walk at most, and the flood waits here.
/// </summary>
public sealed class PoolChecks(ApiSettings api)
{
    private readonly ConcurrentDictionary<MarketId, SemaphoreSlim> _gates = new();

    /// <summary>The check's answer, asked once no other check of the pool is in flight; null when none came free within the ask timeout.</summary>
    public async Task<object?> Ask(MarketId market, Func<Task<object>> ask)
    {
        var gate = _gates.GetOrAdd(market, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(api.AskTimeout))
            return null;
        try
        {
            return await ask();
        }
        finally
        {
            gate.Release();
        }
    }
}
