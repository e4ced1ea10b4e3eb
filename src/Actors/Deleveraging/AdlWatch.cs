using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Deleveraging;

/// <summary>
/// Auto-deleveraging of one market, pure: it folds the market's journal (the pool's assets and
/// borrow index, each open position) and, at each oracle price, measures the pool's PnL factor.
/// Above <c>MaxPnlFactor</c> it starts a round: it ranks the winning side's profitable positions that
/// are not closing or being liquidated and asks the first of them, in order, to close what brings
/// the factor to <c>AdlTargetFactor</c>. Below it, the LPs' loss trigger (<see cref="LpLossTrigger"/>):
/// when the insurance fund is exhausted and the day's LP loss would pass <c>MaxLpLossPerDay</c> of the
/// pool, the same ranking gives up as much profit as the loss beyond the limit (and beyond what an
/// earlier round of the day already answered). No round starts while a reduction is asked for or running
/// (the factor will have moved when it lands). The node's <see cref="AutoDeleverager"/> and the
/// simulator's stage both run this. The simulator's folds the journal itself (<see cref="Observe"/>);
/// the node's reads its risk index's fold (<see cref="Reading"/>), told each event after it.
/// </summary>
public sealed class AdlWatch
{
    private readonly MarketFold _fold;
    private readonly bool _foldsItself;
    private readonly AdlBounds _bounds = new();
    private readonly HashSet<PositionId> _running = [];
    private readonly Dictionary<PositionId, DateTimeOffset> _asked = new();
    private AdlRound? _round;
    private long _observed;
    private decimal _insuranceFund;
    private (DateTimeOffset Day, decimal Loss) _lpLoss;
    private (DateTimeOffset Day, decimal Projected) _lpLossAnswered;

    public MarketId Market { get; }

    public AdlWatch(MarketId market)
        : this(market, new MarketFold(), foldsItself: true)
    {
    }

    private AdlWatch(MarketId market, MarketFold fold, bool foldsItself)
    {
        Market = market;
        _fold = fold;
        _foldsItself = foldsItself;
    }

    /// <summary>A watch of the market that reads <paramref name="fold"/>, which its owner folds: each event is told after it (<see cref="Folded(IPoolEvent)"/>).</summary>
    public static AdlWatch Reading(MarketId market, MarketFold fold) => new(market, fold, foldsItself: false);

    private WatchedPositions Open => _fold.Open;

    private Borrowing Pool => _fold.Pool;

    /// <summary>The round under way or last run; null before the first.</summary>
    public AdlRound? Round => _round;

    public bool Busy => _running.Count > 0 || _asked.Count > 0;

    /// <summary>
    /// How many of the market's pool and position events have been read: a round's number. It only
    /// grows, on every engine and after a restart (the fold starts from the market's first event), and a
    /// round that reduced anything wrote events, so no two rounds that reduced share a number.
    /// </summary>
    public long Observed => _observed;

    /// <summary>Folds one event; returns the position of this market it changed, if any. Other markets' events are passed over.</summary>
    public RiskPosition? Observe(ILeverageEvent evt)
    {
        if (!_foldsItself)
            throw new InvalidOperationException("This watch reads its risk index's fold: tell it each event after the fold (Folded).");
        if (evt is IPoolEvent pool)
        {
            if (pool.Market == Market)
            {
                _fold.Apply(pool);
                Folded(pool);
            }

            return null;
        }

        if (evt is not IPositionEvent e || (e is PositionOpenRequested requested && requested.Market != Market))
            return null;
        var before = Open.Find(e.PositionId);
        return Open.Apply(e) is { } position ? Folded(e, before, position) : null;
    }

    /// <summary>A pool event of this market, once the fold has it.</summary>
    public void Folded(IPoolEvent evt)
    {
        if (evt is PositionSettled { Settlement: var st } settled)
            Settled(st, settled.At);
        _observed++;
    }

    /// <summary>A position event the fold watched, with the position before it (null for its first) and after.</summary>
    public RiskPosition Folded(IPositionEvent e, RiskPosition? before, RiskPosition position)
    {
        _bounds.Replace(before, position);
        _observed++;
        if (e is AutoDeleverageStarted started)
        {
            _asked.Remove(e.PositionId);
            _running.Add(e.PositionId);
            if (started.LpLoss is { } loss && DayOf(loss.Since) == loss.Since)
                _lpLossAnswered = (loss.Since, Math.Max(loss.Projected(), loss.Since == _lpLossAnswered.Day ? _lpLossAnswered.Projected : 0));
        }
        else if (e is PositionSettlementCompleted)
        {
            _running.Remove(e.PositionId);
        }

        return position;
    }

    /// <summary>The pool's PnL factor at a price: traders' net PnL and the pool's value before it.</summary>
    public (decimal NetPnl, decimal PoolValue) Measure(decimal price, DateTimeOffset at) => (NetPnl(price), PoolValue(at));

    private decimal NetPnl(decimal price)
    {
        var net = 0m;
        foreach (var p in Open.All)
            if (p.Status == PositionStatus.Open)
                net += AdlMath.Pnl(p.Side, p.Quantity, p.EntryPrice, p.Collateral, p.Reserved, price);
        return net;
    }

    private decimal PoolValue(DateTimeOffset at)
    {
        var pool = Pool.AccruedTo(at);
        return pool.Assets + pool.AccruedInterest * (1 - (pool.Parameters?.ReserveFactor ?? 0));
    }

    /// <summary>
    /// The LPs' loss trigger's inputs at a price: the bad debt borne since the UTC day's start, what the
    /// underwater positions' collateral would not cover, and the insurance fund. A position being
    /// settled or liquidated is left out of the pending shortfall: the pool records its bad debt before
    /// the position records the end, and the loss would count twice in between.
    /// </summary>
    public LpLossTrigger LpLoss(decimal price, DateTimeOffset at) => LossTrigger(at, PendingShortfall(price));

    private decimal PendingShortfall(decimal price)
    {
        var pending = 0m;
        foreach (var p in Open.All)
            if (p.Status == PositionStatus.Open && p.SettlingFraction == 0 && p.LiquidatingFraction == 0)
                pending += Math.Max(0, -SettlementMath.RawPnl(p.Side, p.Quantity, p.EntryPrice, price) - p.Collateral);
        return pending;
    }

    private LpLossTrigger LossTrigger(DateTimeOffset at, decimal pending)
    {
        var day = DayOf(at);
        return new LpLossTrigger(day, _lpLoss.Day == day ? _lpLoss.Loss : 0, pending, _insuranceFund);
    }

    /// <summary>
    /// At a new price: the reductions a new round asks for, or none. A reduction asked for more than
    /// <paramref name="askTimeout"/> ago and never recorded counts as skipped.
    /// </summary>
    public IReadOnlyList<AutoDeleverage> OnTick(PriceUpdated tick, DateTimeOffset now, TimeSpan askTimeout)
    {
        foreach (var (id, asked) in _asked.ToList())
            if (now - asked >= askTimeout)
                _asked.Remove(id);
        if (Busy || Pool.Parameters is not { } parameters)
            return [];

        // The scans run only when the bounds cannot decide (AdlBounds): the same decisions, O(1) in a calm market.
        var value = PoolValue(tick.At);
        decimal? measured = null;
        if (!_bounds.BelowTrigger(tick.Price, value, parameters.AdlTrigger()))
        {
            var net = NetPnl(tick.Price);
            measured = net;
            if (AdlMath.Factor(net, value) > parameters.AdlTrigger())
            {
                _round = new AdlRound(_observed, tick, net, value, Ranked(tick.Price), AdlMath.ProfitToRealise(net, value, parameters.AdlTarget()));
                return Ask(now);
            }
        }

        var pending = _bounds.NoneUnderwater(tick.Price) ? 0m : PendingShortfall(tick.Price);
        var loss = LossTrigger(tick.At, pending) with { MaxLpLossPerDay = parameters.LpLossLimit() };
        var answered = _lpLossAnswered.Day == loss.Since ? _lpLossAnswered.Projected : 0;
        var toRealise = AdlMath.LossToAnswer(loss.Projected(), loss.MaxLpLossPerDay * value, answered);
        if (!loss.Fired(value) || toRealise <= 0)
            return [];

        var netPnl = measured ?? NetPnl(tick.Price);
        _round = new AdlRound(_observed, tick, netPnl, value, Ranked(tick.Price), toRealise, loss with { MaxLpLossPerDay = 0 });
        return Ask(now);
    }

    private void Settled(Settlement st, DateTimeOffset at)
    {
        _insuranceFund += st.ToInsurance - st.InsuranceCover;
        if (st.BadDebt <= 0)
            return;
        var day = DayOf(at);
        _lpLoss = (day, (_lpLoss.Day == day ? _lpLoss.Loss : 0) + st.BadDebt);
    }

    /// <summary>The start of the UTC day of <paramref name="at"/>: the LPs' loss limit is per calendar day, so the audit finds the same window.</summary>
    public static DateTimeOffset DayOf(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>A position refused the round's reduction: the next in the ranking is asked instead, at the round's price.</summary>
    public IReadOnlyList<AutoDeleverage> Skipped(PositionId id, long round, DateTimeOffset now)
    {
        _asked.Remove(id);
        if (_round is null || _round.Number != round)
            return [];
        _round.Skipped(id);
        return Ask(now);
    }

    private IReadOnlyList<AutoDeleverage> Ask(DateTimeOffset now)
    {
        var round = _round!;
        var commands = new List<AutoDeleverage>();
        foreach (var (c, rank, fraction) in round.Next())
        {
            _asked[c.Id] = now;
            commands.Add(new AutoDeleverage(c.Id, Market, round.Number, rank, fraction, round.Tick.Price, round.Tick.Sequence, round.Tick.At,
                c.Quantity, c.Collateral, round.NetPnl, round.PoolValue, now > round.Tick.At ? now : round.Tick.At, round.LpLoss));
        }

        return commands;
    }

    /// <summary>The winning side's open positions in profit, neither closing nor being liquidated, best score first.</summary>
    private List<AdlCandidate> Ranked(decimal price)
    {
        var open = Open.All.Where(p => p.Status == PositionStatus.Open).ToList();
        var longs = open.Where(p => p.Side == PositionSide.Long).Sum(p => AdlMath.Pnl(p.Side, p.Quantity, p.EntryPrice, p.Collateral, p.Reserved, price));
        var shorts = open.Where(p => p.Side == PositionSide.Short).Sum(p => AdlMath.Pnl(p.Side, p.Quantity, p.EntryPrice, p.Collateral, p.Reserved, price));
        var winning = longs >= shorts ? PositionSide.Long : PositionSide.Short;
        var ranked = open
            .Where(p => p.Side == winning && p.SettlingFraction == 0 && p.LiquidatingFraction == 0)
            .Select(p => AdlCandidate.At(p, price))
            .Where(c => c.Pnl > 0)
            .ToList();
        ranked.Sort(AdlCandidate.Ranking);
        return ranked;
    }
}
