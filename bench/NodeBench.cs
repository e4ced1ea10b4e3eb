using System.Diagnostics;
using Akka.Actor;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Bench;

/// <summary>Scenarios on a whole node over SQLite or PostgreSQL: opens through the sagas, start-up, a liquidation burst.</summary>
public static class NodeBench
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <param name="nodes">Above 1: a cluster of that many nodes in this process, the opens sent round-robin to their entry points.</param>
    public static async Task<IEnumerable<Result>> Opens(BenchDatabases databases, int opens, int nodes = 1)
    {
        var db = databases.Create("opens");
        await using var cluster = await BenchCluster.StartAsync(db.Journal, nodes);
        var node = cluster.First;
        var now = DateTimeOffset.UtcNow;
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

        var before = db.Count();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu = db.ServerCpu();
        var allocated = GC.GetTotalAllocatedBytes();
        var paused = GC.GetTotalPauseDuration();
        var collections = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        var replies = await Task.WhenAll(Enumerable.Range(0, opens).Select(i => cluster.Nodes[i % nodes].Positions.Ask<object>(
            new OpenPosition(PositionId.New(), traders[i % traders.Count], RequestId.New(), JournalFixture.Eth,
                PositionSide.Long, 100m, 5m, 2_000m, now), Timeout)));
        var elapsed = watch.Elapsed;
        var cpuPerOpen = (Process.GetCurrentProcess().TotalProcessorTime - cpu) / opens;
        var allocatedPerOpen = (GC.GetTotalAllocatedBytes() - allocated) / opens;
        var pausedPerOpen = (GC.GetTotalPauseDuration() - paused) / opens;
        var gen0 = GC.CollectionCount(0) - collections;
        var serverCpuPerOpen = db.ServerCpu() - serverCpu is { } used ? used / opens : (TimeSpan?)null;
        var accepted = replies.Count(r => r is PositionCommandAccepted);
        var events = db.Count() - before;

        // Read before the raw baseline runs: which node hosts a position is the measure of the spread.
        var spread = nodes > 1 ? await cluster.EntitiesPerNode(n => n.Positions) : "";
        // The three-node runs warm the baseline's COPY up before timing it (the one-node runs keep their first, cold, COPY).
        var raw = db.RawInsert(events, warmUp: nodes > 1);
        var productRate = events / elapsed.TotalSeconds;
        var scenario = $"opens end to end, {opens:N0} on {db.Engine}{OnNodes(nodes)}";
        IEnumerable<Result> spreadResult = nodes > 1
            ? [new Result(scenario, "positions per node, seed first", spread, "", "", "", "spread over all")]
            : [];
        IEnumerable<Result> serverResult = serverCpuPerOpen is { } server
            ? [new Result(scenario, "CPU per open (the database server's processes)", Report.Ms(server), "", "", "", "")]
            : [];
        return
        [
            .. spreadResult,
            new Result(scenario, $"opens/s ({accepted:N0} accepted)", Report.Rate(accepted / elapsed.TotalSeconds, "opens/s"),
                Report.Ms(elapsed) + " total", "", "", db.Engine == "SQLite" ? "≥ 2,000/s" : "≥ 5,000/s"),
            new Result(scenario, $"CPU per open (both cores, {(nodes > 1 ? "the nodes' process" : "the node's process")})", Report.Ms(cpuPerOpen), "", "", "",
                "≤ 1 ms for 2,000/s on 2 cores"),
            .. serverResult,
            new Result(scenario, $"allocated per open (GC pauses per open; {gen0:N0} gen0 collections)", $"{allocatedPerOpen / 1024.0:N1} KB",
                $"{Report.Ms(pausedPerOpen)} paused", "", "", ""),
            new Result(scenario, $"journal events/s ({events:N0} events)", Report.Rate(productRate, "ev/s"), "",
                $"{db.RawWrite}{(nodes > 1 ? ", warmed up," : "")} {Report.Rate(raw, "rows/s")}", Report.Ratio(productRate / raw), "toward 0.25×"),
        ];
    }

    /// <summary>Start-up with <paramref name="open"/> positions in the journal; with <paramref name="burst"/>, then a tick that breaches every long.</summary>
    /// <param name="nodes">Above 1: a cluster of that many nodes in this process; start-up counts until all are up and the risk index watches all.</param>
    public static async Task<IEnumerable<Result>> StartupAndBurst(BenchDatabases databases, int open, bool burst = true, int nodes = 1)
    {
        var db = databases.Create("startup");
        LeverageActors.Actors.Persistence.JournalTableWriter.Write(db.Journal, JournalFixture.Trading(open, closed: 0).Journal);

        var watch = Stopwatch.StartNew();
        await using var cluster = await BenchCluster.StartAsync(db.Journal, nodes);
        var node = cluster.First;
        while (await node.MarketWatch.Ask<object>(new GetRiskIndexStatus(JournalFixture.Eth), Timeout) is not RiskIndexStatus { CaughtUp: true } status
               || status.Watched < open)
            await Task.Delay(20);
        var ready = watch.Elapsed;
        var startup = new Result($"start-up, {open:N0} open positions in the journal on {db.Engine}{OnNodes(nodes)}", nodes > 1 ? "until all are up and the risk index watches all" : "until the risk index watches all", Report.Ms(ready), "", "", "",
            "< 30 s at 100,000");
        if (!burst)
            return [startup];

        var now = DateTimeOffset.UtcNow;
        foreach (var source in new[] { "source-a", "source-b", "source-c" })
            await node.Oracles.Ask<ReportAnswered>(new ReportPrice(JournalFixture.Eth, source, 2_000m, now, now), Timeout);
        var longs = (open + 1) / 2;
        var liquidatedBefore = db.Count("XL");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu = db.ServerCpu();
        watch.Restart();
        foreach (var source in new[] { "source-a", "source-b", "source-c" })
            await node.Oracles.Ask<ReportAnswered>(new ReportPrice(JournalFixture.Eth, source, 1_790m, now.AddSeconds(1), now.AddSeconds(1)), Timeout);
        while (db.Count("XL") - liquidatedBefore < longs && watch.Elapsed < Timeout)
            await Task.Delay(20);
        var elapsed = watch.Elapsed;
        var liquidated = db.Count("XL") - liquidatedBefore;
        var cpuPerLiquidation = (Process.GetCurrentProcess().TotalProcessorTime - cpu) / Math.Max(1, liquidated);
        IEnumerable<Result> serverResult = db.ServerCpu() - serverCpu is { } used
            ? [new Result($"liquidation burst, {longs:N0} breached by one tick on {db.Engine}{OnNodes(nodes)}", "CPU per liquidation (the database server's processes)",
                Report.Ms(used / Math.Max(1, liquidated)), "", "", "", "")]
            : [];

        var scenario = $"liquidation burst, {longs:N0} breached by one tick on {db.Engine}{OnNodes(nodes)}";
        IEnumerable<Result> spreadResult = nodes > 1
            ? [new Result(scenario, "positions per node after the burst, seed first", await cluster.EntitiesPerNode(n => n.Positions), "", "", "", "spread over all")]
            : [];
        return
        [
            startup,
            new Result(scenario, $"until all persisted ({liquidated:N0})", Report.Ms(elapsed), "", "", "",
                "< 2 s at 1,000"),
            new Result(scenario, "CPU per liquidation (both cores)", Report.Ms(cpuPerLiquidation), "", "", "",
                "≤ 4 ms for 1,000 in 2 s"),
            .. serverResult,
            .. spreadResult,
        ];
    }

    private static string OnNodes(int nodes) => nodes > 1 ? $", {nodes} nodes" : "";
}
