using System.Runtime.InteropServices;
using LeverageActors.Bench;
using LeverageActors.Tests.Support;

// dotnet run -c Release --project bench [-- --quick] [--postgres] [--nodes 3]
// dotnet run -c Release --project bench -- micro [BenchmarkDotNet arguments]: tick and replay under BenchmarkDotNet.
if (args is ["micro", .. var micro])
    return LeverageActors.Bench.Micro.MicroBench.Run(micro);
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(BenchArguments.Usage);
    return 0;
}

if (BenchArguments.Problem(args) is { } problem)
{
    Console.Error.WriteLine($"error: {problem}\n\n{BenchArguments.Usage}");
    return 2;
}

var quick = args.Contains("--quick");
// --allocations: the next-price scenario also prints the types it allocated (sampled).
NextPriceBench.Allocations = args.Contains("--allocations");
// --markets N: the next-price node serves N markets (ETH-USD trades, the others idle; 3 by default).
if (int.TryParse(args.SkipWhile(a => a != "--markets").Skip(1).FirstOrDefault(), out var servedMarkets) && servedMarkets > 0)
    NextPriceBench.Markets = servedMarkets;
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault(); // simulate | tick | rescale | cross | replay | memory | journal | node (opens and burst) | opens | burst | chains | chains-replay | nextprice | scale | closes | history
// --startup N: only the start-up, with N open positions in the journal (e.g. 100000).
var startupSize = int.TryParse(args.SkipWhile(a => a != "--startup").Skip(1).FirstOrDefault(), out var size) ? size : 0;
// --postgres: the journal scenarios on PostgreSQL too, on a private server started for the run.
// --postgres-only: the journal scenarios on PostgreSQL alone.
var postgresOnly = args.Contains("--postgres-only");
var postgres = postgresOnly || args.Contains("--postgres");
// --nodes N: the node scenarios (opens, burst, start-up) on a cluster of N nodes in this process, on one journal.
var nodes = int.TryParse(args.SkipWhile(a => a != "--nodes").Skip(1).FirstOrDefault(), out var count) && count > 0 ? count : 1;
// --positions N: the burst also on N open positions of which 1% are breached (issue 22: 1,000 of 100,000), after the usual one.
var burstPositions = int.TryParse(args.SkipWhile(a => a != "--positions").Skip(1).FirstOrDefault(), out var p) && p > 0 ? p : 0;
// --clients N: the next-price scenario's concurrent clients (100 quick, 200 full).
var clients = int.TryParse(args.SkipWhile(a => a != "--clients").Skip(1).FirstOrDefault(), out var c) && c > 0 ? c : (int?)null;
// --inflight N: orders each next-price client keeps in flight (1 by default: it waits for each execution).
var inFlight = int.TryParse(args.SkipWhile(a => a != "--inflight").Skip(1).FirstOrDefault(), out var f) && f > 0 ? f : 1;
// --rate N: the next-price orders sent at N a second whatever the node answers (an open loop), instead of clients waiting for their last.
if (int.TryParse(args.SkipWhile(a => a != "--rate").Skip(1).FirstOrDefault(), out var rate) && rate > 0)
    NextPriceBench.OrdersPerSecond = rate;
// --opens N: the opens scenario's size (500 quick, 2,000 full); a long run profiles the steady state.
// --burst-pause S: the burst waits S seconds after the node has settled (0 by default), past the start-up's last background work.
if (int.TryParse(args.SkipWhile(a => a != "--burst-pause").Skip(1).FirstOrDefault(), out var pause) && pause > 0)
    NodeBench.BurstPause = TimeSpan.FromSeconds(pause);
// --hours N: the history scenario's hours of prices (6 quick, 24 full).
var historyHours = int.TryParse(args.SkipWhile(a => a != "--hours").Skip(1).FirstOrDefault(), out var h) && h > 0 ? h : (int?)null;
var opensSize = int.TryParse(args.SkipWhile(a => a != "--opens").Skip(1).FirstOrDefault(), out var o) && o > 0 ? o : (int?)null;
var directory = Directory.CreateTempSubdirectory("leverage-bench-").FullName;
Console.WriteLine($"LeverageActors benchmarks ({(quick ? "quick" : "full")}) on {Environment.ProcessorCount} cores, " +
                  $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
var results = new List<Result>();
var sqliteFiles = 0;
PrivatePostgres? server = null;
try
{
    var engines = new List<BenchDatabases>
    {
        // A file per call: a scenario that asks twice under one name (the scale run's empty journals) must not find the first one's rows.
        new("SQLite", name => new SqliteBenchDatabase(Path.Combine(directory, $"{name}-{Interlocked.Increment(ref sqliteFiles)}.db"))),
    };
    if (postgres)
    {
        try
        {
            server = await PrivatePostgres.StartAsync(durable: true);
        }
        catch (PostgresUnavailable e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        // max_connections is 200 on the private server (PostgreSQL's default is 100): the nodes of this process share one Npgsql pool of at most 100.
        Console.WriteLine($"{server.Version}, private server on 127.0.0.1:{server.Port} (PostgreSQL's defaults: fsync and synchronous commit on; max_connections=200)");
        if (postgresOnly)
            engines.Clear();
        engines.Add(new("PostgreSQL", name =>
            new PostgresBenchDatabase(server.CreateDatabaseAsync($"{name}_{Guid.NewGuid():N}").GetAwaiter().GetResult(), server.DataDirectory)));
    }

    if (startupSize > 0)
        only = "startup";
    if (only is null or "simulate")
        results.AddRange(SimulatorBench.Run(quick ? 2_000 : 10_000, quick ? 3 : 5));
    if (only is null or "tick")
        foreach (var n in quick ? new[] { 10_000, 100_000 } : new[] { 10_000, 100_000, 1_000_000 })
            results.AddRange(TickBench.Run(n, quick ? 5 : 9));
    if (only is null or "rescale")
        results.AddRange(RescaleBench.Run(100_000, quick ? 5 : 9));
    if (only is null or "cross")
        results.AddRange(CrossTickBench.Run(100_000, quick ? 5 : 9));
    foreach (var engine in engines)
        if (only is null or "replay")
            results.AddRange(ReplayBench.Run(engine, quick ? 5_000 : 20_000, quick ? 3 : 5));
    if (only is null or "memory")
        results.AddRange(MemoryBench.Run(quick ? 5_000 : 50_000));
    foreach (var engine in engines)
        if (only is null or "journal")
            results.AddRange(await JournalCeilingBench.Run(engine, opensSize ?? (quick ? 500 : 2_000), quick ? 2 : 3));
    foreach (var engine in engines)
        if (only is null or "chains" or "chains-replay")
            results.AddRange(await ChainBench.Run(engine, only == "chains-replay" ? 0 : quick ? 1_000 : 2_000, quick ? 5_000 : 20_000, quick ? 3 : 5));
    if (nodes > 1)
        Console.WriteLine($"node scenarios on {nodes} nodes of one cluster in this process, on one journal");
    foreach (var engine in engines)
    {
        if (only is null or "node" or "opens")
            results.AddRange(await NodeBench.Opens(engine, opensSize ?? (quick ? 500 : 2_000), nodes));
        // Half the positions are longs, all breached by the burst's tick: 1,000 liquidations in quick mode.
        if (only is null or "node" or "burst")
            results.AddRange(await NodeBench.StartupAndBurst(engine, quick ? 2_000 : 10_000, nodes: nodes));
        if (burstPositions > 0 && only is null or "node" or "burst")
            results.AddRange(await NodeBench.StartupAndBurst(engine, burstPositions, nodes: nodes, tenfoldEvery: 100));
        if (startupSize > 0)
            results.AddRange(await NodeBench.StartupAndBurst(engine, startupSize, burst: false, nodes: nodes));
        // Issue 22: opens and memory with 1,000 to 100,000 open positions already held, beside an empty journal; only when asked (minutes).
        if (only == "scale")
            results.AddRange(await ScaleBench.Run(engine, quick ? [1_000, 10_000] : [1_000, 10_000, 100_000], quick ? 500 : 2_000, quick ? 2_000 : 10_000, rounds: 3));
        // Issue 22: what each position opened and closed leaves in the node; only when asked (~1 min).
        if (only == "closes")
            results.AddRange(await ClosesBench.Run(engine, opensSize ?? (quick ? 5_000 : 20_000)));
        // Issue 22: start-up on hours of one market's prices and nothing else, beside an empty journal; only when asked.
        if (only == "history")
            results.AddRange(await HistoryBench.Run(engine, (historyHours ?? (quick ? 6 : 24)) / 24d));
        // Issue 18: opens at the oracle's next price under a 1-second cadence, beside immediate opens; --clients N overrides the clients.
        if (only is null or "nextprice")
            results.AddRange(await NextPriceBench.Run(engine, clients ?? (quick ? 100 : 200), TimeSpan.FromSeconds(quick ? 12 : 60), inFlight));
    }
}
catch (Akka.Actor.AskTimeoutException e)
{
    // A node starved of its cores (another build or test run beside the benchmark) stops answering; that is a spoiled run, not a result.
    Console.Error.WriteLine($"error: the node under measurement stopped answering ({e.Message}); is something else busy on this machine? The results so far follow.");
    return 3;
}
finally
{
    Report.Print(results);
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(directory, recursive: true);
    if (server is not null)
        await server.DisposeAsync();
}

return 0;
