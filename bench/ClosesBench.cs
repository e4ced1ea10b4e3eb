using Akka.Actor;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>
/// Issue 22's "cost that stays flat as the work grows", for the positions that are gone: what a node
/// still holds for each position opened and closed, once the closes' sagas have ended and every
/// position entity has passivated. The node's heap after a full GC is read once the traders are
/// funded and a first round of N opens and closes has warmed every path and grown every table to its
/// size, and again after N more positions were opened and closed; the difference over N is what
/// each closed position left.
/// </summary>
public static class ClosesBench
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan PassivateAfter = TimeSpan.FromSeconds(10);
    private const int Batch = 1_000;

    public static async Task<IEnumerable<Result>> Run(BenchDatabases databases, int positions)
    {
        var db = databases.Create("closes");
        await using var node = await BenchNode.StartAsync(db.Journal, passivateIdleAfter: PassivateAfter);
        var now = DateTimeOffset.UtcNow;
        var traders = await OpensLoad.FundTraders(node, now);
        // A first round as large as the measured one: the shards' tables and the mailboxes grow to as many
        // entities as are awake at once and never shrink, which is no cost of a closed position.
        await OpenAndClose(node, traders, positions, now);
        var before = await Idle(node);

        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (opened, closed) = await OpenAndClose(node, traders, positions, now);
        var elapsed = watch.Elapsed;
        var cpuPerPosition = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu) / positions;
        var after = await Idle(node);
        var perPosition = (after - before) / (double)positions;
        Console.WriteLine($"closes: {opened:N0} opened, {closed:N0} closed; heap {before:N0} → {after:N0} B ({Load.Now()})");
        var scenario = $"closes ({databases.Engine}), {positions:N0} positions opened and closed";
        return
        [
            new Result(scenario, "the node's heap per closed position, idle and passivated (after less before)", $"{perPosition:N0} B", "", "", "", "flat"),
            new Result(scenario, "CPU per position opened and closed (both cores, batches of 1,000 opens then their closes)",
                Report.Ms(cpuPerPosition), "", "", "", ""),
            new Result(scenario, "positions opened and closed per second", $"{positions / elapsed.TotalSeconds:N0}", "", "", "", ""),
            new Result(scenario, "opens and closes refused", $"{2 * positions - opened - closed:N0}", "", "", "", "none"),
        ];
    }

    /// <summary>The heap once the node has idled as long as an entity takes to passivate and every position has.</summary>
    private static async Task<long> Idle(BenchNode node)
    {
        await Task.Delay(PassivateAfter);
        await NodeHeap.UntilPassivated(node);
        // Past the risk index's next word to the pool of what its positions recorded (once a second), where a build has one.
        await Task.Delay(TimeSpan.FromSeconds(2));
        return NodeHeap.Now();
    }

    private static async Task<(int Opened, int Closed)> OpenAndClose(BenchNode node, IReadOnlyList<AccountId> traders, int positions, DateTimeOffset now)
    {
        var opened = 0;
        var closed = 0;
        for (var from = 0; from < positions; from += Batch)
        {
            var batch = Enumerable.Range(from, Math.Min(Batch, positions - from))
                .Select(i => (Id: PositionId.New(), Trader: traders[i % traders.Count])).ToList();
            var opens = await Task.WhenAll(batch.Select(p => node.Positions.Ask<object>(
                new OpenPosition(p.Id, p.Trader, RequestId.New(), JournalFixture.Eth, PositionSide.Long, 100m, 5m, 2_000m, now), Timeout)));
            opened += opens.Count(r => r is PositionCommandAccepted);
            var closes = await Task.WhenAll(batch.Select(p => node.Positions.Ask<object>(
                new ClosePosition(p.Id, p.Trader, RequestId.New(), 2_000m, now), Timeout)));
            closed += closes.Count(r => r is PositionCommandAccepted);
        }

        return (opened, closed);
    }
}
