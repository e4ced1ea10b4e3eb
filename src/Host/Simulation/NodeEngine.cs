using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Persistence;
using LeverageActors.Actors.Risk;
using LeverageActors.Actors.Simulation;
using LeverageActors.Host.Node;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Messages.Serialization;
using LeverageActors.Messages.Pools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeverageActors.Host.Simulation;

/// <summary>
/// Runs a simulation on a real node in this process, wired as the executable wires it (sharding,
/// the SQLite journal in a temporary directory, the oracle, the risk index and the liquidator as
/// actors). Each price is reported to the oracle; the engine then reads the journal until the node
/// has settled it (every position below maintenance at that price liquidated, no saga in flight)
/// before the traders react and the next price comes. The node's clock is the path's
/// (<see cref="SimulatedClock"/>), moved to each price and each open as they are replayed. As in
/// the pure engine, providers first deposit at the first price and an open due while the last price
/// is stale waits for the next. It folds the same events into the same ledger as the pure engine,
/// and the audit proves the journal at the end.
/// </summary>
public sealed class NodeEngine : ISimulationEngine
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public string Name => "node";

    /// <summary>What the node cannot simulate: it runs in real time and its liquidator is immediate.</summary>
    public static string? Unsupported(SimulationParameters p) =>
        p.Oracle.Latency > TimeSpan.Zero
            ? "--engine node: the node's oracle waits out its latency in real time; simulate latency with the pure engine"
            : p.Liquidator.Delay > TimeSpan.Zero || p.Liquidator.CapacityPerSecond > 0
                ? "--engine node: the node's liquidator acts at once with no capacity limit; simulate a slower one with the pure engine"
                : p.Liquidator.Execution != LiquidationExecution.Oracle
                    ? "--engine node: the node's liquidator fills at the oracle price"
                    : p.Features.DynamicMargin
                        ? "--engine node: dynamic margin runs on the pure engine"
                        : p.Features.NextPriceExecution
                            ? "--engine node: next-price execution runs on the pure engine"
                            : null;

    public SimulationResult Run(SimulationRun run, IProgress<double>? progress = null)
    {
        if (run.Parameters.Problems() is { Count: > 0 } problems)
            throw new NotSupportedException(problems[0]);
        if (Unsupported(run.Parameters) is { } unsupported)
            throw new NotSupportedException(unsupported);
        return Task.Run(() => RunAsync(run, progress)).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The node's one market, as the run sets it; its auto-deleverager runs only when the run's
    /// <c>Adl</c> feature is on, as the pure engine's ADL stage does.
    /// </summary>
    public static MarketCatalog CatalogOf(SimulationRun run)
    {
        var market = run.Path.Market;
        return new MarketCatalog(
            new Dictionary<MarketId, MarketParameters> { [market] = run.Parameters.EffectiveMarket },
            new Dictionary<MarketId, OracleParameters> { [market] = run.Parameters.Oracle.ToOracleParameters() },
            withoutAdl: run.Parameters.Features.Adl ? null : new HashSet<MarketId> { market });
    }

    private static async Task<SimulationResult> RunAsync(SimulationRun run, IProgress<double>? progress)
    {
        var clock = Stopwatch.StartNew();
        var catalog = CatalogOf(run);
        var directory = Directory.CreateTempSubdirectory("leverage-simulation-");
        var journal = Path.Combine(directory.FullName, "journal.db");
        try
        {
            Session session;
            var time = new SimulatedClock(run.Path.Start);
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddLogging();
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Services.AddLeverageNode(new NodeSettings
            {
                Port = 0,
                ConnectionString = SqliteDatabase.FileConnectionString(journal),
                PricePath = null,
                Markets = catalog,
                LiquidatorAccount = PureEngine.LiquidatorAccount.Value,
            });
            using (var host = builder.Build())
            {
                await host.StartAsync();
                try
                {
                    session = new Session(run, catalog, journal, host.Services.GetRequiredService<ActorSystem>(), time, progress);
                    await session.Start();
                    await session.Run();
                }
                finally
                {
                    await host.StopAsync();
                }
            }

            var audit = new AuditLedger(catalog);
            foreach (var row in new SqliteJournalSource(journal).Rows())
                audit.Read(row);
            audit.Finish();
            var violations = audit.Violations.Select(v => $"{v.Rule} at {v.Entity} #{v.Sequence}: expected {v.Expected}, found {v.Found}").ToList();
            return session.Result(clock.Elapsed, violations);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private sealed class Session(
        SimulationRun run, MarketCatalog catalog, string journal, ActorSystem system, SimulatedClock time, IProgress<double>? progress)
    {
        private readonly MarketId _market = run.Path.Market;
        private readonly SqliteJournalSource _journal = new(journal);
        private readonly JournalFold _fold = new(catalog);
        private readonly WatchedPositions _watched = new();
        private readonly RunLedger _ledger = new(run.Path.Market, run.Parameters.EffectiveMarket);
        private readonly TraderDesk _desk = new(run.Path.Market, run.Population, run.Parameters.EffectiveMarket);
        private readonly TimeSpan _maxPriceAge = OracleRules.MaxPriceAge(run.Parameters.Oracle.ToOracleParameters());
        private readonly List<TraderPlan> _waitingForPrice = [];
        private DateTimeOffset? _pricedAt;
        private EntityRouter _router = null!;
        private IActorRef _watch = ActorRefs.Nobody;
        private long _offset;
        private long _published;
        private decimal _price;
        private decimal? _oraclePrice;
        private DateTimeOffset _nextSample = run.Path.Start;

        public async Task Start()
        {
            var up = new TaskCompletionSource();
            Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
            await up.Task.WaitAsync(Patience);
            var registry = ActorRegistry.For(system);
            _watch = await registry.GetAsync<MarketWatchProxy>();
            _router = EntityRouter.From(registry);
            await Until("the risk index to read the journal", async () =>
                await _watch.Ask<object>(new GetRiskIndexStatus(_market), AskTimeout) is RiskIndexStatus { CaughtUp: true });
            await _watch.Ask<object>(new GetLiquidatorStatus(_market), AskTimeout);
            if (run.Parameters.Features.Adl)
                await Until("the deleverager to read the journal", async () =>
                    await _watch.Ask<object>(new GetDeleveragerStatus(_market), AskTimeout) is DeleveragerStatus { CaughtUp: true });
        }

        public async Task Run()
        {
            _price = run.Path.Points[0].Price;
            var reports = Reports().ToList();
            var traders = run.Population.Traders;
            var next = 0;
            for (var i = 0; i < reports.Count; i++)
            {
                var (at, price) = reports[i];
                // Opens at the same instant as a price come after it, as in the pure engine.
                for (; next < traders.Count && traders[next].OpensAt < at; next++)
                    await Open(traders[next]);
                await Report(at, price);
                progress?.Report((double)i / reports.Count);
            }

            for (; next < traders.Count; next++)
                await Open(traders[next]);
            _ledger.Sample(reports[^1].At, _price, _oraclePrice, _watched.Count);
        }

        /// <summary>The oracle's reports: one per price of the path, or one per cadence with the market price then.</summary>
        private IEnumerable<(DateTimeOffset At, decimal Price)> Reports()
        {
            var points = run.Path.Points;
            var cadence = run.Parameters.Oracle.Cadence;
            if (cadence == TimeSpan.Zero)
            {
                foreach (var p in points)
                    yield return (p.Time, p.Price);
                yield break;
            }

            var i = 0;
            for (var at = run.Path.Start; at <= run.Path.End; at += cadence)
            {
                while (i + 1 < points.Count && points[i + 1].Time <= at)
                    i++;
                yield return (at, points[i].Price);
            }
        }

        private async Task Report(DateTimeOffset at, decimal price)
        {
            time.MoveTo(at);
            _price = price;
            await _router.RegionOf(new GetOraclePrice(_market, at)).Ask<object>(
                new ReportPrice(_market, OracleSettings.Source, price, at, at), AskTimeout);
            var published = _published;
            await Settle(price, at);
            // As in the pure engine, only a price the oracle published moves the traders.
            if (_published > published)
                await Published(price, at);
            for (; _nextSample <= at; _nextSample += run.Parameters.SampleEvery)
                _ledger.Sample(at, price, _oraclePrice, _watched.Count);
        }

        private async Task Published(decimal price, DateTimeOffset at)
        {
            _oraclePrice = price;
            _ledger.Priced(price);
            if (_pricedAt is null)
                await ProvideLiquidity(price, at);
            _pricedAt = at;
            var send = new List<object>();
            _desk.OnTick(price, at, _ledger.SharePrice(price), send);
            foreach (var command in send)
                await Send(command);
            if (send.Count > 0)
                await Settle(price, at);
            var waiting = _waitingForPrice.ToList();
            _waitingForPrice.Clear();
            foreach (var plan in waiting)
                await Open(plan, at);
        }

        /// <summary>The providers' first deposits, at the first published price.</summary>
        private async Task ProvideLiquidity(decimal price, DateTimeOffset at)
        {
            foreach (var lp in run.Population.Providers)
            {
                await Send(new OpenAccount(lp.Account, RequestId.From("account-" + lp.Account.Value), at));
                await Send(new DepositFunds(lp.Account, RequestId.From("deposit-" + lp.Account.Value), lp.Liquidity, at));
                await Send(new ProvideLiquidity(lp.Account, RequestId.From("provide-" + lp.Account.Value), _market, lp.Liquidity, price, at));
            }

            await Settle(price, at);
        }

        private async Task Open(TraderPlan plan)
        {
            time.MoveTo(plan.OpensAt);
            if (_pricedAt is not { } pricedAt || plan.OpensAt - pricedAt > _maxPriceAge)
                _waitingForPrice.Add(plan);
            else
                await Open(plan, plan.OpensAt);
        }

        private async Task Open(TraderPlan plan, DateTimeOffset at)
        {
            await Send(new OpenAccount(plan.Account, RequestId.From("account-" + plan.Account.Value), at));
            await Send(new DepositFunds(plan.Account, RequestId.From("deposit-" + plan.Account.Value), plan.Deposit, at));
            var reply = await Send(new OpenPosition(plan.Position, plan.Account, RequestId.From("open-" + plan.Position.Value), _market,
                plan.Side, plan.Collateral, plan.Leverage, _oraclePrice!.Value, at));
            _ledger.Answered(reply is PositionCommandRejected refused ? refused.Reason.Code : null);
            await Settle(_oraclePrice, at);
        }

        private Task<object> Send(object command) => _router.RegionOf(command).Ask<object>(command, AskTimeout);

        /// <summary>
        /// Reads the journal until the node has finished with a price: every open position below
        /// maintenance at it has been liquidated, and no position or account waits on a saga step.
        /// </summary>
        private Task Settle(decimal? price, DateTimeOffset at) =>
            Until($"the node to settle the price at {at:u}", () =>
            {
                Read();
                var index = _fold.Pools.TryGetValue(_market, out var pool) ? pool.AccruedTo(at).BorrowIndex : 1m;
                var settled = _fold.Accounts.Values.All(a => a.Outbox.Count == 0)
                              && _fold.Positions.Values.All(p => p.Outbox.Count == 0 && !p.UnderLiquidation
                                  && (price is not { } current || p.Status != PositionStatus.Open || p.Quantity <= 0
                                      || p.Margin(current, index) is var (equity, maintenance) && equity >= maintenance));
                return Task.FromResult(settled);
            });

        private void Read()
        {
            foreach (var row in _journal.Rows(_offset))
            {
                _offset = row.Ordering;
                if (row.Manifest is null || LeverageSerializer.Decode(row.Payload, row.Manifest) is not ILeverageEvent evt)
                    continue;
                _fold.Apply(evt);
                _ledger.Observe(evt);
                var after = evt is IPositionEvent e ? _watched.Apply(e) : null;
                _desk.Observe(evt, after);
                if (evt is PriceAccepted)
                    _published++;
            }
        }

        private static async Task Until(string what, Func<Task<bool>> condition)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (!await condition())
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"waited {Patience.TotalSeconds:0} s for {what}");
                await Task.Delay(10);
            }
        }

        public SimulationResult Result(TimeSpan wall, IReadOnlyList<string> violations)
        {
            var outstanding = _fold.Positions.Values.Count(p => p.UnderLiquidation);
            return new SimulationResult(
                _ledger.Summarise("node", run, _published, outstanding, _oraclePrice ?? _price, wall, violations), _ledger.Samples);
        }
    }
}
