using Akka.Actor;
using System.Diagnostics;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>
/// What the hash chains cost: persist throughput of a node with and without chain links, in
/// alternating rounds on fresh journals; and the audit's replay with and without verifying them.
/// </summary>
public static class ChainBench
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<IEnumerable<Result>> Run(BenchDatabases databases, int opens, int trades, int rounds)
    {
        var plain = new List<double>();
        var chained = new List<double>();
        // A round to warm up (JIT, SQLite's caches), not counted.
        await EventsPerSecond(databases, opens, chained: false);
        await EventsPerSecond(databases, opens, chained: true);
        for (var round = 0; round < rounds; round++)
        {
            // Pairs run back to back, in alternating order, and the ratio is the median of the
            // pairs' ratios: a neighbour's load on a shared machine falls on both of a pair alike.
            var first = round % 2 == 0;
            var a = await EventsPerSecond(databases, opens, chained: !first);
            var b = await EventsPerSecond(databases, opens, chained: first);
            plain.Add(first ? b : a);
            chained.Add(first ? a : b);
        }

        var db = databases.Create("chains-replay");
        LeverageActors.Actors.Persistence.JournalTableWriter.Write(db.Journal, JournalFixture.Trading(open: trades / 10, closed: trades - trades / 10).Journal);
        var source = JournalSource.For(db.Journal);
        var events = source.Count();
        var rows = source.Rows().ToList();
        var fromDatabase = Paired(rounds, verify => Audit(source.Rows(), verify));
        var inMemory = Paired(rounds, verify => Audit(rows, verify));

        return
        [
            new Result($"persist with chain links, {opens:N0} opens × {rounds} pairs on {db.Engine}", "journal events/s",
                Report.Rate(Median(chained), "ev/s"), $"{Report.Rate(chained.Min(), "")}–{Report.Rate(chained.Max(), "")}",
                $"without links {Report.Rate(Median(plain), "ev/s")}",
                Report.Ratio(Median(chained.Zip(plain, (c, p) => c / p).ToList())), "≥ 0.90×"),
            Replay($"audit replay with chain verification, {events:N0} events read from {db.Engine}", events, fromDatabase, "≥ 0.90×"),
            Replay("the same, rows already in memory (the CPU alone: a harsher ratio)", events, inMemory, ""),
        ];
    }

    /// <summary>Audit runs without and with chains, back to back in alternating order: both timings per pair.</summary>
    private static List<(TimeSpan Plain, TimeSpan Verified)> Paired(int rounds, Action<bool> audit)
    {
        audit(false);
        audit(true);
        var pairs = new List<(TimeSpan, TimeSpan)>();
        for (var i = 0; i < rounds * 2; i++)
        {
            var verifyFirst = i % 2 == 1;
            var first = Time(() => audit(verifyFirst));
            var second = Time(() => audit(!verifyFirst));
            pairs.Add(verifyFirst ? (second, first) : (first, second));
        }

        return pairs;
    }

    private static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }

    private static Result Replay(string scenario, long events, List<(TimeSpan Plain, TimeSpan Verified)> pairs, string target)
    {
        var verified = pairs.Select(p => events / p.Verified.TotalSeconds).ToList();
        var plain = pairs.Select(p => events / p.Plain.TotalSeconds).ToList();
        return new Result(scenario, "events/s", Report.Rate(Median(verified), "ev/s"),
            $"{Report.Rate(verified.Min(), "")}–{Report.Rate(verified.Max(), "")}",
            $"audit without chains {Report.Rate(Median(plain), "ev/s")}",
            Report.Ratio(Median(pairs.Select(p => p.Plain / p.Verified).ToList())), target);
    }

    private static void Audit(IEnumerable<JournalRow> rows, bool verify)
    {
        var chains = verify ? new JournalChains() : null;
        var ledger = new AuditLedger(MarketCatalog.Default);
        foreach (var row in rows)
        {
            chains?.Read(row);
            ledger.Read(row);
        }

        ledger.Finish();
        if (chains is { Breaks.Count: > 0 })
            throw new InvalidOperationException($"the benchmark journal has {chains.Breaks.Count} broken links");
    }

    private static async Task<double> EventsPerSecond(BenchDatabases databases, int opens, bool chained)
    {
        var db = databases.Create(chained ? "chained" : "plain");
        await using var node = await BenchNode.StartAsync(db.Journal, chained);
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
        var watch = Stopwatch.StartNew();
        var replies = await Task.WhenAll(Enumerable.Range(0, opens).Select(i => node.Positions.Ask<object>(
            new OpenPosition(PositionId.New(), traders[i % traders.Count], RequestId.New(), JournalFixture.Eth,
                PositionSide.Long, 100m, 5m, 2_000m, now), Timeout)));
        var elapsed = watch.Elapsed;
        if (replies.Any(r => r is not PositionCommandAccepted))
            throw new InvalidOperationException("an open was refused in the chain benchmark");
        return (db.Count() - before) / elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
