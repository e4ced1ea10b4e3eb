using System.Diagnostics;
using Akka.Actor;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Bench;

/// <summary>
/// Issue 22's "cost that stays flat as the work grows", for time alone: a node's start-up on a
/// journal holding days of one market's prices (every source's report each second and the price
/// accepted from them, as the node's own feed writes them) and no trading, against the same
/// start-up on an empty journal and against reading and decoding every row of that journal.
/// </summary>
public static class HistoryBench
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<IEnumerable<Result>> Run(BenchDatabases databases, double days)
    {
        var results = new List<Result>();
        // The first start-up compiles the node's code: measured, not reported.
        var empty = databases.Create("history-empty");
        await Start(empty, "warm-up, empty journal", TimeSpan.Zero);
        results.AddRange(await Start(empty, "empty journal", TimeSpan.Zero));

        var db = databases.Create($"history-{days}");
        var watch = Stopwatch.StartNew();
        Seed(db, TimeSpan.FromDays(days));
        var seeded = watch.Elapsed;
        var indexed = db.Reindex();
        var raw = ReadAndDecode(db);
        var span = $"{days:0.##} days of one market's prices";
        results.Add(new Result($"start-up on {span} ({db.Count():N0} rows, {db.Engine})",
            "seeding (the in-process oracle's events written to the journal directly, not timed by the start-up)", Report.Ms(seeded), "", "", "", ""));
        results.Add(new Result($"start-up on {span} ({db.Count():N0} rows, {db.Engine})",
            "indexing its tags once (the journal as a version before the index left it, prepared as this version's first start does)",
            Report.Ms(indexed), "", $"read + decode every row {Report.Ms(raw)}", Ratio(indexed, raw), ""));
        // Written offline, the journal has its checkpoints and no snapshot: the first start replays the
        // oracle's journal and saves the last checkpoint's snapshot, which every later start recovers from.
        results.AddRange(await Start(db, $"{span}, first start (no snapshot)", raw));
        results.AddRange(await Start(db, $"{span}, restarted", raw));
        return results;
    }

    private static async Task<IEnumerable<Result>> Start(BenchDatabase db, string what, TimeSpan raw)
    {
        // An empty journal's file does not exist before its first node.
        var rows = raw > TimeSpan.Zero ? db.Count() : 0;
        var snapshots = raw > TimeSpan.Zero ? db.Snapshots() : 0;
        var scenario = $"start-up on {what} ({rows:N0} rows, {db.Engine})";
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await using var node = await BenchNode.StartAsync(db.Journal);
        // Asked at once: the first question wakes the oracle, whose answer waits for its recovery.
        var oracle = node.Oracles.Ask<object>(new GetOraclePrice(JournalFixture.Eth, DateTimeOffset.UtcNow), Timeout)
            .ContinueWith(_ => watch.Elapsed, TaskScheduler.Default);
        await node.UntilWatched(0);
        var watched = watch.Elapsed;
        var recovered = await oracle;
        await node.UntilSettled();
        var settled = watch.Elapsed;
        var startCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        // A recovery that passed a checkpoint later than its snapshot saves that checkpoint's: wait for it
        // (a build without checkpoints has none to save).
        while (rows > 0 && snapshots == 0 && db.Count("OCK") > 0 && db.Snapshots() == 0 && watch.Elapsed < Timeout)
            await Task.Delay(50);
        Console.WriteLine($"history, {what}: {rows:N0} rows, {snapshots} snapshot(s) before ({(rows > 0 ? db.LargestSnapshot() : 0):N0} B after); index {watched.TotalMilliseconds:N0} ms, " +
                          $"oracle {recovered.TotalMilliseconds:N0} ms, settled {settled.TotalMilliseconds:N0} ms ({Load.Now()})");
        var baseline = raw > TimeSpan.Zero ? $"read + decode every row {Report.Ms(raw)}" : "";
        return
        [
            new Result(scenario, "until the market's risk index has caught up", Report.Ms(watched), "", baseline, Ratio(watched, raw), "flat"),
            new Result(scenario, "until the oracle answers (its recovery)", Report.Ms(recovered), "", baseline, Ratio(recovered, raw), "flat"),
            new Result(scenario, "until settled (the saga watchdog has searched the journal, the pool answers)", Report.Ms(settled), "", baseline,
                Ratio(settled, raw), "flat"),
            new Result(scenario, "CPU of the start-up until settled (both cores)", Report.Ms(startCpu), "", "", "", ""),
        ];
    }

    private static TimeSpan ReadAndDecode(BenchDatabase db)
    {
        var watch = Stopwatch.StartNew();
        foreach (var row in JournalSource.For(db.Journal).Rows())
            _ = LeverageSerializer.Decode(row.Payload, row.Manifest!);
        return watch.Elapsed;
    }

    private static string Ratio(TimeSpan measured, TimeSpan raw) =>
        raw > TimeSpan.Zero ? Report.Ratio(measured / raw) : "";

    private static void Seed(BenchDatabase db, TimeSpan span) =>
        Actors.Persistence.JournalTableWriter.Write(db.Journal, Prices(span));

    /// <summary>
    /// The oracle's events for every second of <paramref name="span"/>: each source reports a price
    /// that walks a few cents a second, far inside the deviation and breaker limits.
    /// </summary>
    private static IEnumerable<(string PersistenceId, ILeverageEvent Event)> Prices(TimeSpan span)
    {
        var exchange = new InProcessExchange(MarketCatalog.Default);
        var sources = OracleParameters.Default.Sources;
        var random = new Random(22);
        var price = 2_000m;
        var written = 0;
        for (var second = 0; second < (int)span.TotalSeconds; second++)
        {
            var at = T0.AddSeconds(second);
            price += random.Next(-5, 6) / 100m;
            foreach (var source in sources)
                exchange.Send(new ReportPrice(JournalFixture.Eth, source, price, at, at));
            var journal = exchange.Journal;
            for (; written < journal.Count; written++)
                yield return journal[written];
        }
    }
}
