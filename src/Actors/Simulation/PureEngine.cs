using System.Diagnostics;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// Runs a simulation on the domain's pure states in one thread: every command goes through
/// <see cref="InProcessExchange"/> (the entities' own Handle/Apply/Outbox), the journal it writes
/// feeds the risk index, the liquidator, the traders and the ledger, exactly as the node's journal
/// feeds its projections. Time is the path's: prices, the oracle's reports and publications, opens
/// and the liquidator's turns are happenings in one queue ordered by time. Providers and traders act
/// only at a price the oracle published and still fresh (<see cref="OracleRules.MaxPriceAge"/>), as
/// the API lets real ones: the first deposits wait for the first price, and an open due while the
/// last price is stale waits for the next.
/// </summary>
public sealed class PureEngine : ISimulationEngine
{
    public static readonly AccountId LiquidatorAccount = AccountId.From("liquidator");

    public string Name => "pure";

    public SimulationResult Run(SimulationRun run, IProgress<double>? progress = null) => new Session(run, progress).Run();

    private enum Kind
    {
        Move,
        Report,
        Publish,
        Open,
        Turn,
        Traders,
        Sample,
    }

    private readonly record struct Happening(Kind Kind, int Index = 0, PriceUpdated? Tick = null, PositionId Position = default, int Breach = 0);

    private sealed class Session
    {
        private readonly SimulationRun _run;
        private readonly IProgress<double>? _progress;
        private readonly MarketId _market;
        private readonly SimulationParameters _p;
        private readonly InProcessExchange _exchange;
        private readonly SimulatedRiskIndex _index;
        private readonly SimulatedLiquidator _liquidator;
        private readonly TraderDesk _desk;
        private readonly RunLedger _ledger;
        private readonly IReadOnlyList<IRiskStage> _stages;
        private readonly PriorityQueue<Happening, (DateTimeOffset, int, long)> _queue = new();
        private readonly List<int> _waitingForPrice = [];

        /// <summary>Next-price execution: the oracle price number each waiting open was requested at.</summary>
        private readonly Dictionary<int, (long Sequence, DateTimeOffset At)> _requested = new();

        /// <summary>Next-price execution: the traders' priced commands decided at a tick, executed at the next one.</summary>
        private readonly List<(object Command, long Sequence, DateTimeOffset At)> _awaitingPrice = [];
        private readonly TimeSpan _maxPriceAge;
        private bool _providersIn;
        private readonly List<object> _send = [];
        private long _order;
        private int _journalRead;
        private DateTimeOffset _now;
        private decimal _marketPrice;
        private PriceUpdated? _oracle;
        private long _published;
        private int _lastPercent = -1;

        public Session(SimulationRun run, IProgress<double>? progress)
        {
            _run = run;
            _progress = progress;
            _p = run.Parameters;
            _market = run.Path.Market;
            var market = _p.EffectiveMarket;
            _stages = RiskStages.For(_p.Features, _market);
            _exchange = new InProcessExchange(new MarketCatalog(
                new Dictionary<MarketId, Messages.Markets.MarketParameters> { [_market] = market },
                new Dictionary<MarketId, OracleParameters> { [_market] = _p.OracleParameters() }));
            // As the node's index (MarketRiskIndex): warning rows in every market with dynamic margin;
            // they also find the positions early deleverage is for (1σ lies inside the 2σ rows).
            _index = new SimulatedRiskIndex(_p.OracleParameters().Margin?.PredictiveInForce.AtRiskSigmas);
            _liquidator = new SimulatedLiquidator(_p.Liquidator, LiquidatorAccount);
            _desk = new TraderDesk(_market, run.Population, market);
            _ledger = new RunLedger(_market, market);
            _maxPriceAge = OracleRules.MaxPriceAge(_p.Oracle.ToOracleParameters());
        }

        public SimulationResult Run()
        {
            var clock = Stopwatch.StartNew();
            var path = _run.Path.Points;
            _now = path[0].Time;
            _marketPrice = path[0].Price;
            Dispatch(new OpenAccount(LiquidatorAccount, RequestId.From("open-liquidator-account"), _now));
            Schedule(path[0].Time, new Happening(Kind.Move));
            if (_run.Population.Traders.Count > 0)
                Schedule(_run.Population.Traders[0].OpensAt, new Happening(Kind.Open));
            if (_p.Oracle.Cadence > TimeSpan.Zero)
                Schedule(_now, new Happening(Kind.Report));
            Schedule(_now, new Happening(Kind.Sample));

            while (_queue.TryDequeue(out var happening, out var at))
            {
                _now = at.Item1;
                Handle(happening);
            }

            _ledger.Sample(_now, _marketPrice, _oracle?.Price, _index.OpenPositions);
            _progress?.Report(1);
            return new SimulationResult(Summary(clock.Elapsed), _ledger.Samples);
        }

        /// <summary>
        /// At one instant: market moves and oracle reports, then publications (the risk index's checks),
        /// then the liquidator, then the traders' reactions to the price, then opens, then samples; in
        /// the order scheduled within each kind. A node settles each price the same way: its liquidator
        /// answers a breach before a trader who reads the same price can act on it.
        /// </summary>
        private void Schedule(DateTimeOffset at, Happening happening) =>
            _queue.Enqueue(happening, (at, happening.Kind switch
            {
                Kind.Move or Kind.Report => 0,
                Kind.Publish => 1,
                Kind.Turn => 2,
                Kind.Traders => 3,
                Kind.Open => 4,
                _ => 5,
            }, _order++));

        private void Handle(Happening h)
        {
            var path = _run.Path.Points;
            switch (h.Kind)
            {
                case Kind.Move:
                    _marketPrice = path[h.Index].Price;
                    if (_p.Oracle.Cadence == TimeSpan.Zero)
                        Report();
                    if (h.Index + 1 < path.Count)
                        Schedule(path[h.Index + 1].Time, new Happening(Kind.Move, h.Index + 1));
                    ReportProgress(h.Index, path.Count);
                    break;
                case Kind.Report:
                    Report();
                    if (_now + _p.Oracle.Cadence <= _run.Path.End)
                        Schedule(_now + _p.Oracle.Cadence, new Happening(Kind.Report));
                    break;
                case Kind.Publish:
                    Publish(h.Tick!);
                    break;
                case Kind.Open:
                    if (_p.Features.NextPriceExecution)
                    {
                        // Requested now, at the price number the oracle has published; executed at the next.
                        _requested[h.Index] = (_oracle?.Sequence ?? 0, _now);
                        _waitingForPrice.Add(h.Index);
                    }
                    else if (!_providersIn || !PriceIsFresh)
                        _waitingForPrice.Add(h.Index);
                    else
                        Open(_run.Population.Traders[h.Index]);
                    if (h.Index + 1 < _run.Population.Traders.Count)
                        Schedule(_run.Population.Traders[h.Index + 1].OpensAt, new Happening(Kind.Open, h.Index + 1));
                    break;
                case Kind.Turn:
                    // A breach exists only after a published price, so the oracle has one.
                    var price = _p.Liquidator.Execution == LiquidationExecution.Market ? _marketPrice : _oracle!.Price;
                    if (_liquidator.Turn(h.Position, h.Breach, price, _oracle!, _now) is { } liquidate)
                        Dispatch(liquidate);
                    break;
                case Kind.Traders:
                    var tick = h.Tick!;
                    if (!_providersIn)
                        ProvideLiquidity(tick.Price);
                    // The drawdown is read where the node engine reads it: once the price is settled.
                    _ledger.Priced(tick.Price);
                    if (_p.Features.NextPriceExecution)
                    {
                        TradeAtNextPrice(tick);
                        break;
                    }

                    _desk.OnTick(tick.Price, _now, _ledger.SharePrice(tick.Price), _send);
                    DispatchPending();
                    foreach (var waiting in _waitingForPrice)
                        Open(_run.Population.Traders[waiting]);
                    _waitingForPrice.Clear();
                    break;
                case Kind.Sample:
                    _ledger.Sample(_now, _marketPrice, _oracle?.Price, _index.OpenPositions);
                    if (_queue.Count > 0)
                        Schedule(_now + _p.SampleEvery, new Happening(Kind.Sample));
                    break;
            }
        }

        /// <summary>
        /// Next-price execution (issue 18 item 1): what the traders decided at the last tick, and the opens
        /// requested since, execute at this one, each with its execution recorded; what they decide at
        /// this tick waits for the next. Adding collateral has no price and goes at once. The providers'
        /// first deposits, made before any trader, still go in at the first price.
        /// </summary>
        private void TradeAtNextPrice(PriceUpdated tick)
        {
            var due = _awaitingPrice.Where(a => a.Sequence < tick.Sequence).ToList();
            _awaitingPrice.RemoveAll(a => a.Sequence < tick.Sequence);
            foreach (var (command, sequence, at) in due)
                _send.Add(AtNextPrice(command, tick, new Execution(at, sequence, tick.Sequence)));
            DispatchPending();

            var decided = new List<object>();
            _desk.OnTick(tick.Price, _now, _ledger.SharePrice(tick.Price), decided);
            foreach (var command in decided)
                if (command is ClosePosition or WithdrawLiquidity)
                    _awaitingPrice.Add((command, tick.Sequence, _now));
                else
                    _send.Add(command);
            DispatchPending();

            if (!_providersIn || !PriceIsFresh)
                return;
            foreach (var waiting in _waitingForPrice.Where(w => _requested[w].Sequence < tick.Sequence).ToList())
            {
                var (sequence, at) = _requested[waiting];
                Open(_run.Population.Traders[waiting], new Execution(at, sequence, tick.Sequence));
                _waitingForPrice.Remove(waiting);
                _requested.Remove(waiting);
            }
        }

        private object AtNextPrice(object command, PriceUpdated tick, Execution execution) => command switch
        {
            ClosePosition c => c with { Price = tick.Price, At = _now, Execution = execution },
            WithdrawLiquidity c => c with { Price = tick.Price, At = _now, Execution = execution },
            _ => command,
        };

        private void Report() =>
            Dispatch(new ReportPrice(_market, OracleSettings.Source, _marketPrice, _now, _now));

        private void Publish(PriceUpdated tick)
        {
            if (_oracle is not null && tick.Sequence < _oracle.Sequence)
                return;
            _oracle = tick;
            _published++;

            _index.OnTick(tick, _send);
            _send.AddRange(_liquidator.Retry(_p.Liquidator.Execution == LiquidationExecution.Market ? _marketPrice : tick.Price, tick, _now));
            Schedule(_now, new Happening(Kind.Traders, Tick: tick));
            foreach (var stage in _stages)
                stage.OnTick(tick, _now, _send);
            DispatchPending();
        }

        private bool PriceIsFresh => _oracle is { } oracle && _now - oracle.At <= _maxPriceAge;

        /// <summary>The providers' first deposits, at the first published price.</summary>
        private void ProvideLiquidity(decimal price)
        {
            _providersIn = true;
            foreach (var lp in _run.Population.Providers)
            {
                Dispatch(new OpenAccount(lp.Account, RequestId.From("account-" + lp.Account.Value), _now));
                Dispatch(new DepositFunds(lp.Account, RequestId.From("deposit-" + lp.Account.Value), lp.Liquidity, _now));
                Dispatch(new ProvideLiquidity(lp.Account, RequestId.From("provide-" + lp.Account.Value), _market, lp.Liquidity, price, _now));
            }
        }

        private void Open(TraderPlan plan, Execution? execution = null)
        {
            var account = plan.Account;
            Dispatch(new OpenAccount(account, RequestId.From("account-" + account.Value), _now));
            Dispatch(new DepositFunds(account, RequestId.From("deposit-" + account.Value), plan.Deposit, _now));
            var reply = Dispatch(new OpenPosition(plan.Position, account, RequestId.From("open-" + plan.Position.Value), _market,
                plan.Side, plan.Collateral, plan.Leverage, _oracle!.Price, _now) { InitialMarginRate = _oracle.Margin?.Initial, Execution = execution });
            _ledger.Answered(reply is PositionCommandRejected refused ? refused.Reason.Code : null);
        }

        /// <summary>Delivers a command and everything its events set off; returns the command's answer.</summary>
        private object? Dispatch(object command)
        {
            var reply = _exchange.Send(command);
            Fold();
            DispatchPending();
            return reply;
        }

        private void DispatchPending()
        {
            while (_send.Count > 0)
            {
                var batch = _send.ToList();
                _send.Clear();
                foreach (var command in batch)
                {
                    _exchange.Send(command);
                    Fold();
                }
            }
        }

        private void Fold()
        {
            var journal = _exchange.Journal;
            for (; _journalRead < journal.Count; _journalRead++)
                Observe(journal[_journalRead].Event);
        }

        private void Observe(ILeverageEvent evt)
        {
            _ledger.Observe(evt);
            var after = _index.Observe(evt, _send);
            _desk.Observe(evt, after);
            foreach (var stage in _stages)
                stage.Observe(evt, after, _send);

            switch (evt)
            {
                case PriceAccepted e:
                    // The oracle's state already holds what the price was recorded with: its margin goes out with it.
                    var schedule = _exchange.Oracles.Single(o => o.Market == _market).Margin;
                    Schedule(e.PublishAt, new Happening(Kind.Publish,
                        Tick: new PriceUpdated(_market, e.Price, e.At, e.Sequence) { Margin = schedule.At(e.At), Scale = schedule.Scale, Since = e.Since, AllAfter = e.AllAfter }));
                    break;
                case PositionBreached e when _liquidator.Noticed(e, _now) is { } due:
                    Schedule(due, new Happening(Kind.Turn, Position: e.PositionId, Breach: e.Breach));
                    break;
                case PositionLiquidated e:
                    _liquidator.Resolved(e.PositionId, e.Breach);
                    break;
                case BreachCleared e:
                    _liquidator.Cleared(e.PositionId, e.Breach);
                    break;
            }

            if (after is { IsLive: false } && _liquidator.Outstanding > 0)
                _liquidator.Ended(after.Id);
        }

        private void ReportProgress(int index, int count)
        {
            var percent = (int)(100L * index / count);
            if (percent == _lastPercent)
                return;
            _lastPercent = percent;
            _progress?.Report(percent / 100.0);
        }

        private SimulationSummary Summary(TimeSpan wall) =>
            _ledger.Summarise("pure", _run, _published, _liquidator.Outstanding, _oracle?.Price ?? _marketPrice, wall,
                _exchange.CheckInvariants(_now));
    }
}
