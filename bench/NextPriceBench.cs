using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>
/// Issue 18's next-price execution under a 1-second oracle cadence: concurrent clients each await
/// the oracle's next price and open at it with its execution record, as the API does; opens batch
/// per tick. The baseline in the same run is the same clients and cadence opening at once at the
/// latest fed price (the opens scenario's path), each mode on a node and database of its own.
/// </summary>
public static class NextPriceBench
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Cadence = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The clients run this long before the measured window: the node's first ticks pay for the
    /// first calls of every path and the first positions of every account. Their requests are
    /// reported apart (a node that has just started), not counted in the window's figures.
    /// </summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    /// <summary>Print the types allocated during each mode (<c>--allocations</c>; <see cref="AllocationSampler"/>).</summary>
    public static bool Allocations { get; set; }

    /// <summary>
    /// Markets the node serves (<c>--markets N</c>; 3 by default, the node's own catalog): ETH-USD
    /// trades, the others are idle, each with its risk index, liquidator and deleverager following
    /// the journal. Shows what a node's idle markets cost the one that trades.
    /// </summary>
    public static int Markets { get; set; } = MarketCatalog.DefaultMarkets.Length;

    /// <summary>
    /// Orders sent a second whether or not earlier ones were answered (<c>--rate N</c>): an open
    /// loop, as a venue's users send, instead of clients that each wait for their last order.
    /// </summary>
    public static int? OrdersPerSecond { get; set; }

    /// <param name="inFlight">Orders each client keeps in flight (1: a client waits for each execution before its next order).</param>
    public static async Task<IEnumerable<Result>> Run(BenchDatabases databases, int clients, TimeSpan duration, int inFlight = 1)
    {
        var next = await Mode(databases, clients, duration, nextPrice: true, inFlight);
        var now = await Mode(databases, clients, duration, nextPrice: false, inFlight);
        var orders = OrdersPerSecond is { } rate ? $", open loop at {rate:N0} orders/s round them" : inFlight > 1 ? $" × {inFlight} orders in flight each" : "";
        var markets = Markets == MarketCatalog.DefaultMarkets.Length ? "" : $", {Markets} markets";
        var scenario = $"next-price opens, {clients:N0} clients{orders}{markets}, {Cadence.TotalSeconds:0} s oracle cadence, {duration.TotalSeconds:0} s after a {WarmUp.TotalSeconds:0} s warm-up on {next.Engine}";
        IEnumerable<Result> server = next.ServerCpuPerOpen is { } serverCpu
            ? [new Result(scenario, "CPU per open (the database server's processes)", Report.Ms(serverCpu), "",
                $"immediate: {(now.ServerCpuPerOpen is { } nowServer ? Report.Ms(nowServer) : "")}", "", "reported")]
            : [];
        return
        [
            new Result(scenario, $"opens/s ({next.Accepted:N0} accepted{Refused(next)})", Report.Rate(next.Rate, "opens/s"), "",
                $"immediate: {Report.Rate(now.Rate, "opens/s")} ({now.Accepted:N0}{Refused(now)})", Report.Ratio(next.Rate / now.Rate), "2,000/s (issue 22)"),
            new Result(scenario, "CPU per open (both cores, the node's process)", Report.Ms(next.CpuPerOpen), "",
                $"immediate: {Report.Ms(now.CpuPerOpen)}", Report.Ratio(next.CpuPerOpen / now.CpuPerOpen), "≤ 1 ms"),
            new Result(scenario, $"opens per tick, median (max) over {next.PerTick.Count} ticks", $"{Median(next.PerTick):N0}", $"max {next.PerTick.DefaultIfEmpty().Max():N0}",
                "", "", "reported"),
            new Result(scenario, "request → execution (await sent → open answered), p50", Report.Ms(Percentile(next.ToExecution, 0.50)), "",
                $"immediate, open sent → answered: {Report.Ms(Percentile(now.ToExecution, 0.50))}", "", "≈ half the cadence"),
            new Result(scenario, "request → execution, p99", Report.Ms(Percentile(next.ToExecution, 0.99)), $"max {Report.Ms(next.ToExecution.DefaultIfEmpty().Max())}",
                $"immediate: {Report.Ms(Percentile(now.ToExecution, 0.99))}", "", "< 1.2 s (issue 22)"),
            new Result(scenario, $"request → execution, p99 of the {WarmUp.TotalSeconds:0} s warm-up before the window (a node just started)", Report.Ms(Percentile(next.Cold, 0.99)),
                $"max {Report.Ms(next.Cold.DefaultIfEmpty().Max())}", $"immediate: {Report.Ms(Percentile(now.Cold, 0.99))}", "", "reported"),
            new Result(scenario, "of it, request → price (await sent → next price), p50 / p99",
                $"{Report.Ms(Percentile(next.ToPrice, 0.50))} / {Report.Ms(Percentile(next.ToPrice, 0.99))}", "", "", "", "reported"),
            new Result(scenario, $"requests whose price came more than one cadence later (a tick missed: sent while the node was still busy with the last one)",
                $"{next.ToPrice.Count(t => t > Cadence) / (double)Math.Max(1, next.ToPrice.Count):P1}", "", "", "", "reported"),
            new Result(scenario, "a tick's burst: its first order priced → its last open answered, median (max)",
                Report.Ms(Percentile(next.Bursts, 0.50)), $"max {Report.Ms(next.Bursts.DefaultIfEmpty().Max())}", "", "", "reported"),
            new Result(scenario, "allocated per open; GC collections (all / gen1 and up / gen2); paused share of wall time", next.Gc.ToString(), "",
                $"immediate: {now.Gc}", "", "reported"),
            new Result(scenario, "through read / write calls per open (journal and its reads, page cache included)", next.Io.ToString(), "",
                $"immediate: {now.Io}", "", "reported"),
            new Result(scenario, $"journal events/s ({next.Events:N0} events)", Report.Rate(next.EventRate, "ev/s"), "",
                $"{next.RawWrite} {Report.Rate(next.Raw, "rows/s")}; immediate: {Report.Rate(now.EventRate, "ev/s")}", Report.Ratio(next.EventRate / next.Raw), "reported"),
            .. server,
        ];
    }

    /// <summary>ETH-USD and <paramref name="count"/> − 1 idle markets (the node's default catalog at 3).</summary>
    private static MarketCatalog Catalog(int count) =>
        count == MarketCatalog.DefaultMarkets.Length
            ? MarketCatalog.Default
            : new MarketCatalog(Enumerable.Range(1, count - 1).Select(i => $"IDLE{i:00}-USD").Prepend(JournalFixture.Eth.Value)
                .ToDictionary(MarketId.From, _ => new MarketParameters()));

    private static string Refused(Outcome o) => o.Refused > 0 ? $", {o.Refused:N0} refused" : "";

    private static async Task<Outcome> Mode(BenchDatabases databases, int clients, TimeSpan duration, bool nextPrice, int inFlight)
    {
        var db = databases.Create(nextPrice ? "nextprice" : "nextprice-immediate");
        await using var node = await BenchNode.StartAsync(db.Journal, markets: Catalog(Markets));
        var eth = JournalFixture.Eth;
        var start = DateTimeOffset.UtcNow;
        var lp = AccountId.From("lp");
        await node.Accounts.Ask<object>(new OpenAccount(lp, RequestId.New(), start), Timeout);
        await node.Accounts.Ask<object>(new DepositFunds(lp, RequestId.New(), 1_000_000_000m, start), Timeout);
        await node.Accounts.Ask<object>(new ProvideLiquidity(lp, RequestId.New(), eth, 1_000_000_000m, 2_000m, start), Timeout);
        var traders = Enumerable.Range(0, clients).Select(i => AccountId.From($"t{i}")).ToList();
        foreach (var t in traders)
        {
            await node.Accounts.Ask<object>(new OpenAccount(t, RequestId.New(), start), Timeout);
            await node.Accounts.Ask<object>(new DepositFunds(t, RequestId.New(), 100_000_000m, start), Timeout);
        }

        // The feed as the node's own (PricePathFeed): every source reports the tick's price, told, not asked.
        // The price is 2,000 plus a step of 0–6, far inside the deviation and breaker limits.
        var step = 0;
        using var stopFeed = new CancellationTokenSource();
        void Feed(int next)
        {
            var at = DateTimeOffset.UtcNow;
            foreach (var source in OracleParameters.Default.Sources)
                node.Oracles.Tell(new ReportPrice(eth, source, 2_000m + next, at, at));
            Volatile.Write(ref step, next);
        }

        Feed(0);
        await node.Oracles.Ask<object>(new GetOraclePrice(eth, DateTimeOffset.UtcNow), Timeout);
        var feed = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(Cadence);
            for (var tick = 1; await timer.WaitForNextTickAsync(CancellationToken.None) && !stopFeed.IsCancellationRequested; tick++)
                Feed(tick % 7);
        });

        var toExecution = new ConcurrentBag<TimeSpan>();
        var cold = new ConcurrentBag<TimeSpan>();
        var toPrice = new ConcurrentBag<TimeSpan>();
        var perTick = new ConcurrentDictionary<DateTimeOffset, int>();
        // Each tick's burst: when its first order had the price, when its last open was answered.
        var bursts = new ConcurrentDictionary<DateTimeOffset, (TimeSpan Priced, TimeSpan Answered)>();
        var accepted = 0;
        var refused = 0;
        var watch = Stopwatch.StartNew();
        // The window's counters start when the warm-up ends, beside the clients.
        var window = Task.Run(async () =>
        {
            await Task.Delay(WarmUp);
            return (Events: db.Count(), Cpu: Process.GetCurrentProcess().TotalProcessorTime, ServerCpu: db.ServerCpu(), Gc: GcUse.Now(), Io: IoUse.Now(), At: watch.Elapsed);
        });
        var sampler = Allocations ? AllocationSampler.Shared : null;
        sampler?.Start();
        // One order: await the next price (next-price mode), open at it, record when each step came.
        async Task Order(AccountId trader)
        {
            var sent = watch.Elapsed;
            var at = DateTimeOffset.UtcNow;
            var request = RequestId.New();
            var position = PositionId.New();
            var lease = Guid.NewGuid();
            OpenPosition open;
            DateTimeOffset? tick = null;
            var priced = TimeSpan.Zero;
            var measured = sent >= WarmUp;
            if (nextPrice)
            {
                // As MarketQuotes.Hold and ToExecute: the collateral held, then a wait up to the market's staleness limit for the price after the request.
                await node.Accounts.Ask<ExecutionHeld>(new HoldForExecution(trader, request, 100m, at, at + OracleParameters.Default.StaleAfter + Timeout, lease, position), Timeout);
                var answer = await node.Oracles.Ask<object>(new AwaitNextPrice(eth, at, at + OracleParameters.Default.StaleAfter), Timeout);
                if (answer is not NextPrice price)
                {
                    node.Accounts.Tell(new ReleaseExecutionHold(trader, request, lease));
                    Interlocked.Increment(ref refused);
                    return;
                }

                if (measured)
                    toPrice.Add(watch.Elapsed - sent);
                tick = price.PriceAt;
                priced = watch.Elapsed;
                open = new OpenPosition(position, trader, request, eth, PositionSide.Long, 100m, 5m, price.Price, DateTimeOffset.UtcNow)
                {
                    InitialMarginRate = price.Margin?.Initial,
                    Execution = price.Execution,
                };
            }
            else
            {
                open = new OpenPosition(PositionId.New(), trader, RequestId.New(), eth, PositionSide.Long, 100m, 5m, 2_000m + Volatile.Read(ref step), at);
            }

            var reply = await node.Positions.Ask<object>(open, Timeout);
            if (nextPrice)
                node.Accounts.Tell(new ReleaseExecutionHold(trader, request, lease));
            if (reply is not PositionCommandAccepted)
            {
                Interlocked.Increment(ref refused);
                return;
            }

            if (!measured)
            {
                cold.Add(watch.Elapsed - sent);
                return;
            }

            toExecution.Add(watch.Elapsed - sent);
            Interlocked.Increment(ref accepted);
            if (tick is { } t)
            {
                perTick.AddOrUpdate(t, 1, (_, n) => n + 1);
                var answered = watch.Elapsed;
                bursts.AddOrUpdate(t, (priced, answered), (_, b) => (b.Priced < priced ? b.Priced : priced, b.Answered > answered ? b.Answered : answered));
            }
        }

        if (OrdersPerSecond is { } rate)
        {
            // Open loop: orders sent at a fixed rate, round the clients, whether or not the last ones were answered.
            var orders = new List<Task>();
            long issued = 0;
            while (watch.Elapsed < WarmUp + duration)
            {
                for (var due = (long)(watch.Elapsed.TotalSeconds * rate); issued < due; issued++)
                    orders.Add(Order(traders[(int)(issued % traders.Count)]));
                await Task.Delay(TimeSpan.FromMilliseconds(5));
            }

            await Task.WhenAll(orders);
        }
        else
        {
            // A client with several orders in flight is as many loops on one account, each waiting for its own execution.
            await Task.WhenAll(traders.SelectMany(trader => Enumerable.Repeat(trader, inFlight)).Select(trader => Task.Run(async () =>
            {
                while (watch.Elapsed < WarmUp + duration)
                    await Order(trader);
            })));
        }

        var started = await window;
        var elapsed = watch.Elapsed - started.At;
        var cpuPerOpen = (Process.GetCurrentProcess().TotalProcessorTime - started.Cpu) / Math.Max(1, accepted);
        var serverCpuPerOpen = db.ServerCpu() - started.ServerCpu is { } serverUsed ? serverUsed / Math.Max(1, accepted) : (TimeSpan?)null;
        var gcUse = GcUse.Now().Since(started.Gc, elapsed, Math.Max(1, accepted));
        var ioUse = IoUse.Now().PerOperation(started.Io, accepted);
        if (sampler is not null)
        {
            Console.WriteLine($"Allocated types ({(nextPrice ? "next-price" : "immediate")}, share of sampled bytes):");
            foreach (var (type, share) in sampler.Stop(30))
                Console.WriteLine($"  {share,6:P1}  {type}");
        }
        var events = db.Count() - started.Events;
        stopFeed.Cancel();
        await feed;
        var raw = nextPrice ? db.RawInsert(events) : 0;
        return new Outcome(db.Engine, db.RawWrite, accepted, refused, accepted / elapsed.TotalSeconds, cpuPerOpen, serverCpuPerOpen,
            [.. perTick.Values.Order()], [.. bursts.Values.Select(b => b.Answered - b.Priced).Order()], [.. toExecution.Order()], [.. cold.Order()], [.. toPrice.Order()], events, events / elapsed.TotalSeconds, raw, gcUse, ioUse);
    }

    private static int Median(IReadOnlyList<int> sorted) => sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];

    private static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed record Outcome(
        string Engine,
        string RawWrite,
        int Accepted,
        int Refused,
        double Rate,
        TimeSpan CpuPerOpen,
        TimeSpan? ServerCpuPerOpen,
        IReadOnlyList<int> PerTick,
        IReadOnlyList<TimeSpan> Bursts,
        IReadOnlyList<TimeSpan> ToExecution,
        IReadOnlyList<TimeSpan> Cold,
        IReadOnlyList<TimeSpan> ToPrice,
        long Events,
        double EventRate,
        double Raw,
        GcUse Gc,
        IoUse Io);
}
