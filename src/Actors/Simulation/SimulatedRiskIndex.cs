using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// The node's risk index (<see cref="MarketRiskIndex"/>) without the actor: the same
/// <see cref="WatchedPositions"/>, <see cref="RiskThreshold"/> and <see cref="ScaledRiskBook"/>, folded from
/// the same events, asking the same positions to <see cref="CheckMargin"/> on each published price.
/// Its rules (rows at the newest borrow index, a refresh when interest has moved, a late position
/// checked against the last price) are the actor's, line for line; when that actor's core is
/// extracted into a pure class, this one becomes that class.
/// </summary>
public sealed class SimulatedRiskIndex(decimal? warningLevel = null)
{
    /// <summary>As in the actor: 0.01% of index growth.</summary>
    private const decimal RefreshEvery = 0.0001m;

    private readonly WatchedPositions _open = new();
    private readonly ScaledRiskBook _book = new();
    private readonly RiskWarnings _warnings = new(warningLevel);
    /// <summary>As in the actor: the waiting trigger orders by trigger price.</summary>
    private readonly TriggerBook _triggers = new();
    /// <summary>As in the actor: the pool's borrow index alone, folded from its events.</summary>
    private Borrowing _pool = Borrowing.Initial;
    /// <summary>As in the actor: the pool's funding indexes, folded from its events.</summary>
    private readonly FundingWatch _funding = new();
    private PriceUpdated? _lastTick;
    private decimal _thresholdIndex = 1m;
    /// <summary>As in the actor: the dynamic maintenance requirement the rows are computed at.</summary>
    private readonly RequirementInForce _requirement = new();

    public int OpenPositions => _open.Count;

    public long ChecksSent { get; private set; }

    public long TriggersSent { get; private set; }

    /// <summary>Folds one event; a position that crossed the last price already is checked against it.</summary>
    public RiskPosition? Observe(ILeverageEvent evt, List<object> send)
    {
        switch (evt)
        {
            case IPoolEvent e:
                _pool = _pool.Apply(e);
                _funding.Observe(e);
                return null;
            case IPositionEvent e when _open.Apply(e) is { } position:
                _warnings.Observe(e, position.IsLive);
                Track(position, send);
                _triggers.Observe(e, position);
                if (_lastTick is { } last)
                    _triggers.NoteCrossed(position.Id, last.Price, last.Sequence);
                return position;
            case MarginRequirementChanged e:
                RequirementIs(e.Maintenance, e.PriceSequence, new RiskScale(e.Sigma, e.Horizon));
                return null;
            default:
                return null;
        }
    }

    private void Track(RiskPosition position, List<object> send)
    {
        if (RiskThreshold.Base(position, Math.Max(_pool.BorrowIndex, _thresholdIndex), _funding.Latest) is not { } row)
        {
            _book.Remove(position.Id);
            return;
        }

        _book.Upsert(row);
        if (_lastTick is { } tick && _warnings.Crosses(_book, position.Id, tick.Price))
            Check([position.Id], tick, _pool.AccruedTo(tick.At).BorrowIndex, send);
    }

    public void OnTick(PriceUpdated tick, List<object> send)
    {
        if (_lastTick is null || tick.Sequence >= _lastTick.Sequence)
            _lastTick = tick;
        var index = _pool.AccruedTo(tick.At).BorrowIndex;
        if (tick.Margin is { } margin)
            RequirementIs(margin.Maintenance, tick.Sequence, tick.Scale);
        var interestMoved = index >= _thresholdIndex * (1 + RefreshEvery);
        if (_funding.MovedAt(tick.At) | interestMoved)
        {
            _thresholdIndex = Math.Max(index, _thresholdIndex);
            Recompute(_thresholdIndex);
        }

        var crossed = _warnings.Crossed(_book, tick.Price).ToList();
        if (crossed.Count > 0)
            Check(crossed, tick, index, send);
        Execute(_triggers.Due(tick.Sequence, tick.NextAfter), tick, send);
        _triggers.NoteCrossed(tick.Price, tick.Sequence);
    }

    /// <summary>As in the actor, with the tick's time as the clock (the simulation's time is its prices').</summary>
    private void Execute(IEnumerable<(PositionId Position, int Trigger, TriggerCrossing Crossing)> due, PriceUpdated tick, List<object> send)
    {
        foreach (var (position, trigger, crossing) in due)
        {
            send.Add(new ExecuteTrigger(position, trigger, tick.Price, tick.Sequence, tick.At, tick.At) { Crossing = crossing });
            TriggersSent++;
        }
    }

    private void RequirementIs(decimal maintenance, long priceSequence, RiskScale? scale) =>
        _requirement.Takes(maintenance, priceSequence, scale, _warnings, _book);

    private void Recompute(decimal index)
    {
        foreach (var position in _open.All)
            if (RiskThreshold.Base(position, index, _funding.Latest) is { } row)
                _book.Upsert(row);
    }

    private void Check(IReadOnlyList<PositionId> positions, PriceUpdated tick, decimal index, List<object> send)
    {
        foreach (var id in positions)
            send.Add(new CheckMargin(id, tick.Price, index, tick.Sequence, tick.At)
            {
                Margin = tick.Margin,
                Scale = tick.Scale,
                FundingIndex = _funding.IndexFor(_open.Find(id)?.Side, tick.At),
            });
        ChecksSent += positions.Count;
    }
}
