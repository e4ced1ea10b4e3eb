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
        var now = DateTimeOffset.UtcNow;
        var traders = await OpensLoad.FundTraders(cluster.First, now);

        var before = db.Count();
        var serverCpu = db.ServerCpu();
        var timed = await OpensLoad.Run(cluster.Nodes, traders, opens, now);
        var (elapsed, cpuPerOpen, accepted) = (timed.Elapsed, timed.CpuPerOpen, timed.Accepted);
        var serverCpuPerOpen = db.ServerCpu() - serverCpu is { } used ? used / opens : (TimeSpan?)null;
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
            new Result(scenario, $"allocated per open (GC pauses per open; {timed.Gen0:N0} gen0 collections)", $"{timed.AllocatedPerOpen / 1024.0:N1} KB",
                $"{Report.Ms(timed.PausedPerOpen)} paused", "", "", ""),
            new Result(scenario, $"journal events/s ({events:N0} events)", Report.Rate(productRate, "ev/s"), "",
                $"{db.RawWrite}{(nodes > 1 ? ", warmed up," : "")} {Report.Rate(raw, "rows/s")}", Report.Ratio(productRate / raw), "toward 0.25×"),
        ];
    }

    /// <summary>How long the burst waits after the node has settled (<c>--burst-pause</c>).</summary>
    public static TimeSpan BurstPause { get; set; } = TimeSpan.Zero;

    /// <summary>Start-up with <paramref name="open"/> positions in the journal; with <paramref name="burst"/>, then a tick that breaches every 10× long.</summary>
    /// <param name="nodes">Above 1: a cluster of that many nodes in this process; start-up counts until all are up and the risk index watches all.</param>
    /// <param name="tenfoldEvery">Above 1: only one position in that many is 10× leveraged (the rest 2×), so the tick breaches that share of the longs.</param>
    public static async Task<IEnumerable<Result>> StartupAndBurst(BenchDatabases databases, int open, bool burst = true, int nodes = 1, int tenfoldEvery = 1)
    {
        var db = databases.Create($"startup-{open}-{tenfoldEvery}");
        var watch = Stopwatch.StartNew();
        LeverageActors.Actors.Persistence.JournalTableWriter.Write(db.Journal, JournalFixture.Trading(open, closed: 0, tenfoldEvery).Journal);
        var seeding = new Result($"seeding, {open:N0} open positions", "the fixture's exchange run and its rows written to the journal directly (not timed by the start-up)",
            Report.Ms(watch.Elapsed), "", "", "", "");

        watch.Restart();
        await using var cluster = await BenchCluster.StartAsync(db.Journal, nodes);
        var node = cluster.First;
        await node.UntilWatched(open);
        var ready = watch.Elapsed;
        var startup = new Result($"start-up, {open:N0} open positions in the journal on {db.Engine}{OnNodes(nodes)}", nodes > 1 ? "until all are up and the risk index watches all" : "until the risk index watches all", Report.Ms(ready), "", "", "",
            "< 30 s at 100,000");
        // The burst is measured on a settled node: once the indexes have caught up, the saga watchdog
        // folds every position, account and oracle and the pool recovers its history (seconds at
        // 100,000 positions), on the same cores.
        await node.UntilSettled();
        var settled = new Result($"start-up, {open:N0} open positions in the journal on {db.Engine}{OnNodes(nodes)}", "until settled (the saga watchdog has searched the journal, the pool answers)",
            Report.Ms(watch.Elapsed), "", "", "", "reported");
        if (!burst)
            return [seeding, startup, settled];
        await Task.Delay(BurstPause);

        var now = DateTimeOffset.UtcNow;
        foreach (var source in new[] { "source-a", "source-b", "source-c" })
            await node.Oracles.Ask<ReportAnswered>(new ReportPrice(JournalFixture.Eth, source, 2_000m, now, now), Timeout);
        var longs = JournalFixture.BreachedByFall(open, tenfoldEvery);
        var before = db.HighestOrdering();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu = db.ServerCpu();
        watch.Restart();
        foreach (var source in new[] { "source-a", "source-b", "source-c" })
            await node.Oracles.Ask<ReportAnswered>(new ReportPrice(JournalFixture.Eth, source, 1_790m, now.AddSeconds(1), now.AddSeconds(1)), Timeout);
        while (db.Count("XL", before) < longs && watch.Elapsed < Timeout)
            await Task.Delay(20);
        var elapsed = watch.Elapsed;
        var liquidated = db.Count("XL", before);
        var cpuPerLiquidation = (Process.GetCurrentProcess().TotalProcessorTime - cpu) / Math.Max(1, liquidated);
        IEnumerable<Result> serverResult = db.ServerCpu() - serverCpu is { } used
            ? [new Result($"liquidation burst, {longs:N0} of {open:N0} breached by one tick on {db.Engine}{OnNodes(nodes)}", "CPU per liquidation (the database server's processes)",
                Report.Ms(used / Math.Max(1, liquidated)), "", "", "", "")]
            : [];

        var scenario = $"liquidation burst, {longs:N0} of {open:N0} breached by one tick on {db.Engine}{OnNodes(nodes)}";
        IEnumerable<Result> spreadResult = nodes > 1
            ? [new Result(scenario, "positions per node after the burst, seed first", await cluster.EntitiesPerNode(n => n.Positions), "", "", "", "spread over all")]
            : [];
        return
        [
            seeding,
            startup,
            settled,
            new Result(scenario, $"until all persisted ({liquidated:N0})", Report.Ms(elapsed), "", "", "",
                tenfoldEvery > 1 ? "< 1 s at 1,000 of 100,000 (issue 22)" : "< 2 s at 1,000"),
            new Result(scenario, "CPU per liquidation (both cores)", Report.Ms(cpuPerLiquidation), "", "", "",
                "≤ 4 ms for 1,000 in 2 s"),
            .. serverResult,
            .. spreadResult,
        ];
    }

    private static string OnNodes(int nodes) => nodes > 1 ? $", {nodes} nodes" : "";
}
