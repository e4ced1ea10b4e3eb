using System.Diagnostics;
using Akka.Actor;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>What one timed batch of opens gave: wall time, the process's CPU per open, opens accepted, and the GC's share.</summary>
public sealed record OpensTimed(TimeSpan Elapsed, TimeSpan CpuPerOpen, int Accepted, long AllocatedPerOpen = 0, TimeSpan PausedPerOpen = default, int Gen0 = 0)
{
    public double PerSecond => Accepted / Elapsed.TotalSeconds;
}

/// <summary>
/// The opens the node scenarios time: a funded liquidity provider and 100 funded traders, then
/// every open sent at once through the saga (account → pool → position), round-robin over the
/// nodes' entry points, timed until the last answer.
/// </summary>
public static class OpensLoad
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Liquidity in ETH-USD and 100 traders with funds; accounts that already exist only receive the deposits.</summary>
    public static async Task<IReadOnlyList<AccountId>> FundTraders(BenchNode node, DateTimeOffset now)
    {
        var lp = AccountId.From("lp");
        await node.Accounts.Ask<object>(new OpenAccount(lp, RequestId.New(), now), Timeout);
        await node.Accounts.Ask<object>(new DepositFunds(lp, RequestId.New(), 1_000_000_000m, now), Timeout);
        await node.Accounts.Ask<object>(new ProvideLiquidity(lp, RequestId.New(), JournalFixture.Eth, 1_000_000_000m, 2_000m, now), Timeout);
        var traders = Enumerable.Range(0, 100).Select(i => AccountId.From($"t{i}")).ToList();
        foreach (var t in traders)
        {
            await node.Accounts.Ask<object>(new OpenAccount(t, RequestId.New(), now), Timeout);
            await node.Accounts.Ask<object>(new DepositFunds(t, RequestId.New(), 10_000_000m, now), Timeout);
        }

        return traders;
    }

    /// <summary><paramref name="opens"/> 5× longs of collateral 100 at 2,000, all sent at once.</summary>
    public static async Task<OpensTimed> Run(IReadOnlyList<BenchNode> nodes, IReadOnlyList<AccountId> traders, int opens, DateTimeOffset now)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var paused = GC.GetTotalPauseDuration();
        var collections = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        var replies = await Task.WhenAll(Enumerable.Range(0, opens).Select(i => nodes[i % nodes.Count].Positions.Ask<object>(
            new OpenPosition(PositionId.New(), traders[i % traders.Count], RequestId.New(), JournalFixture.Eth,
                PositionSide.Long, 100m, 5m, 2_000m, now), Timeout)));
        var elapsed = watch.Elapsed;
        var cpuPerOpen = (Process.GetCurrentProcess().TotalProcessorTime - cpu) / opens;
        return new OpensTimed(elapsed, cpuPerOpen, replies.Count(r => r is PositionCommandAccepted),
            (GC.GetTotalAllocatedBytes() - allocated) / opens, (GC.GetTotalPauseDuration() - paused) / opens, GC.CollectionCount(0) - collections);
    }
}
