using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Liquidation;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Risk.Cross;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// The cluster singleton that watches the markets: a risk index (which runs the market's
/// auto-deleveraging too, unless the market's configuration switched it off) and a liquidator per market, the saga watchdog, and
/// (with cross margin on) the one watcher of cross accounts, <see cref="CrossWatch"/>. When its node goes, the singleton starts on
/// another and each child rebuilds from the journal. A failing child is restarted (a kill included); one that stops for good, as a
/// persistent actor does when its journal fails, is started again after a pause. When a member
/// leaves, the saga watchdog searches the journal again for sagas its entities left unfinished.
/// At start the watchdog waits until every risk index has caught up (or <see cref="WatchdogWait"/>
/// has passed): both fold the journal, and on 2 cores the watchdog's fold (every position, account
/// and oracle into its full state) delayed the indexes, and so the first liquidation, by as much
/// again as their own. Once the indexes have caught up, and again whenever a member is removed, it
/// wakes every market's pool (<see cref="EntityKind.StaysAwake"/>), so that its recovery of a long
/// history runs then, after theirs and not against it (at 1,000,000 positions a pool woken at start
/// made them 40% slower), and not at the first liquidation of a burst. (Oracles are woken by their
/// feed, every second.)
/// </summary>
public sealed class MarketWatch : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RestartPause = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WatchdogWait = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, Props> _children = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<MarketId> _marketsToCatchUp;
    private readonly IReadOnlyList<MarketId> _markets;
    private readonly EntityRouter _router;

    public MarketWatch(
        MarketCatalog catalog, EntityRouter router, IActorRef positions, IActorRef accounts, IActorRef oracles, AccountId liquidator,
        TimeProvider clock, CrossWatchSettings crossWatch, IActorRef pools)
    {
        foreach (var market in catalog.Markets.Keys)
        {
            var oracle = catalog.Oracle(market) ?? OracleParameters.Default;
            _children[RiskIndexName(market)] = Props.Create(() => new MarketRiskIndex(market, catalog, positions, clock, true, null, null, pools));
            _children[LiquidatorName(market)] = Props.Create(() =>
                new LiquidatorActor(market, liquidator, positions, accounts, oracles, oracle, clock, true, null));
        }

        // One watcher of cross accounts per cluster, beside the markets' indexes (docs/CROSS-WATCH.md).
        if (crossWatch.Enabled)
            _children[CrossWatchName] = Props.Create(() =>
                new CrossWatch(catalog, liquidator, accounts, pools, oracles, clock, crossWatch.RefreshEvery, true, null));
        _children[WatchdogName] = Props.Create(() => new SagaWatchdog(catalog, router));
        _marketsToCatchUp = catalog.Markets.Keys.ToHashSet();
        _markets = catalog.Markets.Keys.ToList();
        _router = router;

        Receive<RiskIndexCaughtUp>(c =>
        {
            if (!_marketsToCatchUp.Remove(c.Market) || _marketsToCatchUp.Count > 0)
                return;
            Timers.Cancel(WatchdogName);
            WakePools();
            Start(WatchdogName);
        });

        Receive<GetRiskIndexStatus>(q => Forward(RiskIndexName(q.Market), q));
        Receive<GetLiquidatorStatus>(q => Forward(LiquidatorName(q.Market), q));
        Receive<GetDeleveragerStatus>(q =>
        {
            // A market without ADL is answered here, also while its index restarts.
            if (catalog.AdlEnabled(q.Market))
                Forward(RiskIndexName(q.Market), q);
            else
                Sender.Tell(new DeleveragerStatus(q.Market, Running: false, CaughtUp: false, Observed: 0));
        });
        Receive<GetRiskProfile>(q => Forward(RiskIndexName(q.Market), q));
        Receive<GetCrossWatchStatus>(q =>
        {
            if (_children.ContainsKey(CrossWatchName))
                Forward(CrossWatchName, q);
            else
                Sender.Tell(CrossWatchStatus.Off);
        });
        Receive<GetSagaWatchdogStatus>(q =>
        {
            if (Context.Child(WatchdogName) is { } watchdog && !watchdog.IsNobody())
                watchdog.Forward(q);
            else
                Sender.Tell(new SagaWatchdogStatus(Searched: false, Woken: 0));
        });
        Receive<Terminated>(t =>
        {
            _log.Warning("Market watch: {0} stopped; starting it again in {1}", t.ActorRef.Path.Name, RestartPause);
            Timers.StartSingleTimer(t.ActorRef.Path.Name, new StartChild(t.ActorRef.Path.Name), RestartPause);
        });
        Receive<StartChild>(s => Start(s.Name));
        // A lost node may have held entities mid-saga: search the journal again (the watchdog
        // restarts after the usual pause and rescans).
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            _log.Info("Market watch: {0} left the cluster; the saga watchdog looks again", removed.Member.Address);
            Context.Stop(Context.Child(WatchdogName));
            // Its pools start again on the nodes left now, not at their next trade.
            WakePools();
        });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private const string WatchdogName = "saga-watchdog";

    public const string CrossWatchName = "cross-watch";

    protected override void PreStart()
    {
        foreach (var name in _children.Keys.Where(n => n != WatchdogName))
            Start(name);
        Timers.StartSingleTimer(WatchdogName, new StartChild(WatchdogName), WatchdogWait);
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    /// <summary>Every failure restarts the child (a kill too, which the default would stop for good); ten a minute stop it.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(10, TimeSpan.FromMinutes(1), _ => Directive.Restart);

    public static string RiskIndexName(MarketId market) => "risk-" + market.Value;

    public static string LiquidatorName(MarketId market) => "liquidator-" + market.Value;

    private void Start(string name)
    {
        if (!Context.Child(name).IsNobody())
            return;
        Context.Watch(Context.ActorOf(_children[name], name));
    }

    private void WakePools()
    {
        foreach (var market in _markets)
            _router.Tell(MarketWakeUps.Pool(market), ActorRefs.Nobody);
    }

    private void Forward(string child, object query)
    {
        if (Context.Child(child) is { } found && !found.IsNobody())
            found.Forward(query);
    }

    private sealed record StartChild(string Name);
}
