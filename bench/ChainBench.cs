using System.Diagnostics;
using Akka.Actor;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>
/// What the hash chains cost: persist throughput of a node with and without chain links, and the
/// audit's replay with and without verifying them. Runs come in pairs, back to back in
/// alternating order, and each ratio is the median of the pairs' ratios, so that a neighbour's
/// load on the shared machine falls on both of a pair alike. Both wall time and the process's CPU
/// time are measured: on a machine shared with other sessions the CPU time is the steadier of the
/// two, and it is what the hashing adds.
/// </summary>
public static class ChainBench
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <param name="opens">Zero: the audit's replay only.</param>
    public static async Task<IEnumerable<Result>> Run(BenchDatabases databases, int opens, int trades, int rounds)
    {
        var persist = new List<Pair>();
        if (opens > 0)
        {
            // A pair to warm up (JIT, SQLite's caches), not counted.
            await Persist(databases, opens, chained: false);
            await Persist(databases, opens, chained: true);
        }

        for (var round = 0; opens > 0 && round < rounds; round++)
        {
            var chainedFirst = round % 2 == 1;
            var first = await Persist(databases, opens, chained: chainedFirst);
            var second = await Persist(databases, opens, chained: !chainedFirst);
            persist.Add(chainedFirst ? new Pair(second, first) : new Pair(first, second));
        }

        var db = databases.Create("chains-replay");
        LeverageActors.Actors.Persistence.JournalTableWriter.Write(db.Journal, JournalFixture.Trading(open: trades / 10, closed: trades - trades / 10).Journal);
        var source = JournalSource.For(db.Journal);
        var events = source.Count();
        var rows = source.Rows().ToList();
        var fromDatabase = Paired(rounds * 2, verify => Audit(source.Rows(), verify, events));
        var inMemory = Paired(rounds * 2, verify => Audit(rows, verify, events));

        return
        [
            .. opens > 0 ? Lines($"persist, {opens:N0} opens × {rounds} pairs on {db.Engine}", "journal events", persist) : [],
            .. Lines($"audit replay, {events:N0} events read from {db.Engine}", "events", fromDatabase),
            .. Lines($"audit replay, the same rows already in memory", "events", inMemory),
        ];
    }

    /// <summary>Events per second of wall time and per CPU second of the process.</summary>
    private sealed record Rate(double Wall, double Cpu);

    private sealed record Pair(Rate Plain, Rate Chained);

    private static IEnumerable<Result> Lines(string scenario, string what, List<Pair> pairs)
    {
        yield return Line($"{scenario}, with chains", $"{what}/s", pairs, r => r.Wall, "ev/s");
        yield return Line($"{scenario}, with chains", $"{what} per CPU second (the process)", pairs, r => r.Cpu, "ev/CPU-s");
    }

    private static Result Line(string scenario, string measure, List<Pair> pairs, Func<Rate, double> of, string unit)
    {
        var chained = pairs.Select(p => of(p.Chained)).ToList();
        return new Result(scenario, measure, Report.Rate(Median(chained), unit),
            $"{Report.Rate(chained.Min(), "")}–{Report.Rate(chained.Max(), "")}",
            $"without chains {Report.Rate(Median(pairs.Select(p => of(p.Plain)).ToList()), unit)}",
            Report.Ratio(Median(pairs.Select(p => of(p.Chained) / of(p.Plain)).ToList())), "≥ 0.90×");
    }

    private static List<Pair> Paired(int runs, Func<bool, Rate> audit)
    {
        audit(false);
        audit(true);
        var pairs = new List<Pair>();
        for (var i = 0; i < runs; i++)
        {
            var verifyFirst = i % 2 == 1;
            var first = audit(verifyFirst);
            var second = audit(!verifyFirst);
            pairs.Add(verifyFirst ? new Pair(second, first) : new Pair(first, second));
        }

        return pairs;
    }

    private static Rate Audit(IEnumerable<JournalRow> rows, bool verify, long events)
    {
        var (wall, cpu) = Clocks();
        // As the audit command runs it: the chains on a second thread beside the books.
        using var chains = verify ? new ChainsAlongside(new JournalChains()) : null;
        var ledger = new AuditLedger(MarketCatalog.Default);
        foreach (var row in rows)
        {
            chains?.Read(row);
            ledger.Read(row);
        }

        ledger.Finish();
        var verified = chains?.Finish();
        var rate = Since(wall, cpu, events);
        if (verified is { Breaks.Count: > 0 })
            throw new InvalidOperationException($"the benchmark journal has {verified.Breaks.Count} broken links");
        return rate;
    }

    private static async Task<Rate> Persist(BenchDatabases databases, int opens, bool chained)
    {
        var db = databases.Create(chained ? "chained" : "plain");
        await using var node = await BenchNode.StartAsync(db.Journal, chained);
        var now = DateTimeOffset.UtcNow;
        var traders = await OpensLoad.FundTraders(node, now);

        var before = db.Count();
        var (wall, cpu) = Clocks();
        var replies = await Task.WhenAll(Enumerable.Range(0, opens).Select(i => node.Positions.Ask<object>(
            new OpenPosition(PositionId.New(), traders[i % traders.Count], RequestId.New(), JournalFixture.Eth,
                PositionSide.Long, 100m, 5m, 2_000m, now), Timeout)));
        var rate = Since(wall, cpu, 0);
        if (replies.Any(r => r is not PositionCommandAccepted))
            throw new InvalidOperationException("an open was refused in the chain benchmark");
        var events = db.Count() - before;
        return new Rate(rate.Wall * events, rate.Cpu * events);
    }

    private static (long Wall, TimeSpan Cpu) Clocks() => (Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime);

    /// <summary>Rates since the clocks were read; with no events, the rates of one event (to scale later).</summary>
    private static Rate Since(long wall, TimeSpan cpu, long events)
    {
        var n = Math.Max(1, events);
        return new Rate(n / Stopwatch.GetElapsedTime(wall).TotalSeconds, n / (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
