using System.Diagnostics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>
/// What one node gave with <see cref="Positions"/> open positions already held: rounds of opens, and
/// the managed heap after a full GC before the node started, once it idled, with some entities
/// woken, and after they passivated.
/// </summary>
public sealed record ScalePoint(int Positions, TimeSpan Seeding, TimeSpan Startup, IReadOnlyList<OpensTimed> Rounds,
    long BeforeNode, long Idle, int Woken, long HeapWoken, long HeapPassivated)
{
    public double PerSecond => Median(Rounds.Select(r => r.PerSecond));

    public TimeSpan CpuPerOpen => TimeSpan.FromTicks((long)Median(Rounds.Select(r => (double)r.CpuPerOpen.Ticks)));

    /// <summary>What the node holds once idle, every entity passivated: its heap less the process's before it started.</summary>
    public long NodeHeap => HeapPassivated - BeforeNode;

    private double Median(IEnumerable<double> values) => values.Order().ElementAt(Rounds.Count / 2);
}

/// <summary>
/// Issue 22's "cost that stays flat as the work grows": the opens of <see cref="OpensLoad"/> on a
/// node whose journal already holds N open positions (written directly, as the start-up scenario
/// does) and whose risk index watches them all before anything is timed, beside the same opens on
/// an empty journal in the same run. Then the memory: the managed heap after a full GC with every
/// position entity passivated (none awake: only the risk index holds them), after waking some of
/// them with a query, and after they passivate again (each after the node idled 10 s). The node passivates after 10 s instead of
/// 2 minutes so that the run can see it; the opens come after, on entities of their own.
/// </summary>
public static class ScaleBench
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan PassivateAfter = TimeSpan.FromSeconds(10);

    /// <param name="woken">At most this many positions woken at each size to weigh an awake idle entity.</param>
    /// <param name="rounds">Batches of <paramref name="opens"/> timed one after the other on each node: the median is reported.</param>
    public static async Task<IEnumerable<Result>> Run(BenchDatabases databases, IReadOnlyList<int> sizes, int opens, int woken, int rounds)
    {
        // The first node of the process pays the JIT, SQLite's first use and the thread pool's growth: not reported.
        await Measure(databases, 0, opens, 0, rounds);
        var points = new List<ScalePoint>();
        // The empty journal before and after the sizes: the baseline is their mean, their difference the drift of the machine's load.
        foreach (var size in sizes.Prepend(0).Append(0))
        {
            points.Add(await Measure(databases, size, opens, woken, rounds));
            Console.WriteLine($"scale: {size:N0} positions: {string.Join(", ", points[^1].Rounds.Select(r => $"{r.PerSecond:N0}"))} opens/s, " +
                              $"{string.Join(", ", points[^1].Rounds.Select(r => $"{r.CpuPerOpen.TotalMilliseconds:0.00}"))} ms CPU per open ({Load.Now()})");
        }

        var plot = ScalePlot.Save(points, databases.Engine);
        Console.WriteLine($"plot: {plot}");
        return ScaleReport.Lines(points, opens, rounds, databases.Engine);
    }

    private static async Task<ScalePoint> Measure(BenchDatabases databases, int size, int opens, int woken, int rounds)
    {
        var db = databases.Create($"scale-{size}");
        var seeding = Seed(db, size);
        var beforeNode = NodeHeap.Now();
        var watch = Stopwatch.StartNew();
        await using var node = await BenchNode.StartAsync(db.Journal, passivateIdleAfter: PassivateAfter);
        await node.UntilWatched(size);
        var startup = watch.Elapsed;

        // Idle first as long as an entity takes to passivate: the start-up's read-ahead batches and buffers go, as they would in service.
        await Task.Delay(PassivateAfter);
        var idle = NodeHeap.Now();
        var wake = Math.Min(size, woken);
        for (var from = 0; from < wake; from += 1_000)
            await Task.WhenAll(Enumerable.Range(from, Math.Min(1_000, wake - from)).Select(i =>
                node.Positions.Ask<object>(new GetPosition(PositionId.From($"p{i}"), null, null), Timeout)));
        var heapWoken = NodeHeap.Now();
        await NodeHeap.UntilPassivated(node);
        var heapPassivated = wake > 0 ? NodeHeap.Now() : idle;

        var now = DateTimeOffset.UtcNow;
        var traders = await OpensLoad.FundTraders(node, now);
        var timed = new List<OpensTimed>();
        for (var round = 0; round < rounds; round++)
            timed.Add(await OpensLoad.Run([node], traders, opens, now));
        return new ScalePoint(size, seeding, startup, timed, beforeNode, idle, wake, heapWoken, heapPassivated);
    }

    /// <summary>
    /// The fixture's journal written directly. A method of its own so that the exchange that made it
    /// (hundreds of MB at 100,000 positions) is out of every stack frame when the heap is read next.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TimeSpan Seed(BenchDatabase db, int size)
    {
        var watch = Stopwatch.StartNew();
        if (size > 0)
            JournalTableWriter.Write(db.Journal, JournalFixture.Trading(size, closed: 0).Journal);
        return watch.Elapsed;
    }
}
