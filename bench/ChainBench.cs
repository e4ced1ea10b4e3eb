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
        for (var round = 0; round < rounds; round++)
        {
            // Alternating, so a neighbour's load on the shared machine falls on both alike.
            plain.Add(await EventsPerSecond(databases, opens, chained: false));
            chained.Add(await EventsPerSecond(databases, opens, chained: true));
        }

        var persistWith = Median(chained);
        var persistWithout = Median(plain);

        var db = databases.Create("chains-replay");
        LeverageActors.Actors.Persistence.JournalTableWriter.Write(db.Journal, JournalFixture.Trading(open: trades / 10, closed: trades - trades / 10).Journal);
        var source = JournalSource.For(db.Journal);
        var events = source.Count();
        var rows = source.Rows().ToList();
        var breaks = 0;
        var audit = Timing.Of(rounds, () => Audit(rows, null));
        var verified = Timing.Of(rounds, () => breaks = Audit(rows, new JournalChains()));
        if (breaks > 0)
            throw new InvalidOperationException($"the benchmark journal has {breaks} broken links");

        return
        [
            new Result($"persist with chain links, {opens:N0} opens × {rounds} rounds on {db.Engine}", "journal events/s",
                Report.Rate(persistWith, "ev/s"), $"{Report.Rate(chained.Min(), "")}–{Report.Rate(chained.Max(), "")}",
                $"without links {Report.Rate(persistWithout, "ev/s")}", Report.Ratio(persistWith / persistWithout), "≥ 0.90×"),
            new Result($"audit replay with chain verification, {events:N0} events on {db.Engine} (rows in memory)", "events/s",
                Report.Rate(events / verified.Median.TotalSeconds, "ev/s"),
                $"{Report.Rate(events / verified.Max.TotalSeconds, "")}–{Report.Rate(events / verified.Min.TotalSeconds, "")}",
                $"audit without chains {Report.Rate(events / audit.Median.TotalSeconds, "ev/s")}",
                Report.Ratio(audit.Median.TotalSeconds / verified.Median.TotalSeconds), "≥ 0.90×"),
        ];
    }

    private static int Audit(List<JournalRow> rows, JournalChains? chains)
    {
        var ledger = new AuditLedger(MarketCatalog.Default);
        foreach (var row in rows)
        {
            chains?.Read(row);
            ledger.Read(row);
        }

        ledger.Finish();
        return chains?.Breaks.Count ?? 0;
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
