using Akka.Actor;
using Akka.Event;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Actors.Deleveraging;

/// <summary>
/// Auto-deleverages one market (<see cref="AdlWatch"/>), run by the market's risk index
/// (<see cref="MarketRiskIndex"/>) on the index's fold of the journal: the index tells it every event
/// after folding it, and every oracle price. It folded the journal itself once, as a second actor,
/// and held every open position and every loan a second time. Each oracle price after the catch-up
/// is measured; the reductions go to the positions through their shard region, and a position's
/// refusal has the next in the ranking asked at once. It persists nothing itself: every fact of a
/// reduction is in the position's events. Its prices come from the oracle's topic only: a position
/// settles a reduction at the price it is given, and a price read from the journal is not the
/// oracle's word (anyone who can write the table can add a row), unlike the risk index's margin
/// checks, which a liquidator settles at its own price.
/// </summary>
public sealed class AutoDeleverager
{
    /// <summary>
    /// A reduction asked for and neither recorded nor refused by then counts as skipped. Long enough
    /// for the journal feed to bring a recorded one: a round that started meanwhile would ask twice.
    /// </summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The journal reaches the index a little after the price that made its events matter: the last
    /// price is measured again this often, while fresh, whenever the journal has moved since.
    /// </summary>
    public static readonly TimeSpan EvaluateEvery = TimeSpan.FromSeconds(1);

    private readonly IActorRef _positions;
    private readonly IActorRef _self;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log;
    private readonly TimeSpan _maxPriceAge;
    private (long Price, long Observed) _evaluated = (-1, -1);
    private PriceUpdated? _heldTick;
    private PriceUpdated? _lastTick;
    private bool _caughtUp;

    /// <param name="self">The index that runs it: the positions answer it.</param>
    public AutoDeleverager(
        MarketId market, MarketFold fold, IActorRef positions, IActorRef self, TimeProvider clock, TimeSpan maxPriceAge, ILoggingAdapter log)
    {
        Watch = AdlWatch.Reading(market, fold);
        _positions = positions;
        _self = self;
        _clock = clock;
        _maxPriceAge = maxPriceAge;
        _log = log;
    }

    /// <summary>The watch the index tells each event it folded.</summary>
    public AdlWatch Watch { get; }

    public DeleveragerStatus Status => new(Watch.Market, Running: true, _caughtUp, Watch.Observed);

    /// <summary>The index has read the journal to its end: a price held meanwhile is measured now.</summary>
    public void CaughtUp()
    {
        _caughtUp = true;
        if (_heldTick is { } tick)
            OnTick(tick);
        _heldTick = null;
    }

    /// <summary>A price from the oracle's topic (never one taken from the journal).</summary>
    public void OnTick(PriceUpdated tick)
    {
        if (!_caughtUp)
        {
            if (_heldTick is null || tick.Sequence > _heldTick.Sequence)
                _heldTick = tick;
            return;
        }

        if (_lastTick is not null && tick.Sequence <= _lastTick.Sequence)
            return;
        _lastTick = tick;
        Evaluate(tick);
    }

    /// <summary>On the index's timer (<see cref="EvaluateEvery"/>).</summary>
    public void EvaluateAgain()
    {
        if (_caughtUp && _lastTick is { } last)
            Evaluate(last);
    }

    public void Answered(AutoDeleverageAnswer a)
    {
        if (a.Started)
            return;
        _log.Info("ADL {0}: position {1} skipped in round {2} ({3})", Watch.Market, a.PositionId, a.Round, a.Skipped);
        Send(Watch.Skipped(a.PositionId, a.Round, _clock.GetUtcNow()));
    }

    private void Evaluate(PriceUpdated tick)
    {
        var now = _clock.GetUtcNow();
        if (_evaluated == (tick.Sequence, Watch.Observed) || now - tick.At > _maxPriceAge)
            return;
        _evaluated = (tick.Sequence, Watch.Observed);
        var commands = Watch.OnTick(tick, now, AskTimeout);
        if (commands.Count > 0 && Watch.Round is { LpLoss: { } loss })
            _log.Warning("ADL {0}: insurance fund {1} exhausted and the LPs' loss of the day {2} past its limit at {3} (price #{4}); reducing {5} positions",
                Watch.Market, loss.InsuranceFund, loss.Projected(), tick.Price, tick.Sequence, commands.Count);
        else if (commands.Count > 0 && Watch.Round is { } round)
            _log.Warning("ADL {0}: PnL factor {1:F4} above its limit at {2} (price #{3}); reducing {4} positions",
                Watch.Market, AdlMath.Factor(round.NetPnl, round.PoolValue), tick.Price, tick.Sequence, commands.Count);
        Send(commands);
    }

    private void Send(IReadOnlyList<AutoDeleverage> commands)
    {
        foreach (var c in commands)
            _positions.Tell(c, _self);
    }
}
