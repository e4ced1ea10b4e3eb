using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// The liquidator of a simulated market. Like the node's (<c>LiquidatorActor</c>) it sends
/// <see cref="Liquidate"/> for each recorded breach with the breach's borrow index, and again at
/// every new price until the position says the breach is resolved. Unlike it, it can be slow: it
/// first acts <see cref="LiquidatorSettings.Delay"/> after the breach, and at most
/// <see cref="LiquidatorSettings.CapacityPerSecond"/> breaches a second, first come first served.
/// </summary>
public sealed class SimulatedLiquidator(LiquidatorSettings settings, AccountId account)
{
    private readonly Dictionary<(PositionId, int), Breach> _outstanding = new();
    private readonly Dictionary<PositionId, long> _clearedAt = new();
    private DateTimeOffset _freeAt = DateTimeOffset.MinValue;

    public int Outstanding => _outstanding.Count;

    /// <summary>
    /// A breach was recorded at <paramref name="now"/>: when the liquidator will first act on it.
    /// Null when the position was found healthy at the liquidator's fill for a breach at this same
    /// oracle price: the liquidator waits for a new price instead of trying the same evidence again
    /// (with fills at the market price, the index would otherwise re-breach it at once, forever).
    /// </summary>
    public DateTimeOffset? Noticed(PositionBreached breach, DateTimeOffset now)
    {
        if (_clearedAt.TryGetValue(breach.PositionId, out var sequence) && sequence == breach.PriceSequence)
        {
            _outstanding[(breach.PositionId, breach.Breach)] = new Breach(breach, Acted: true);
            return null;
        }

        var due = now + settings.Delay;
        if (settings.CapacityPerSecond > 0)
        {
            due = due > _freeAt ? due : _freeAt;
            _freeAt = due + TimeSpan.FromSeconds((double)(1 / settings.CapacityPerSecond));
        }

        _outstanding[(breach.PositionId, breach.Breach)] = new Breach(breach, Acted: false);
        return due;
    }

    /// <summary>
    /// The breach's turn has come: the command to send, or null when it was resolved meanwhile. It
    /// carries the oracle's latest price number and time (<paramref name="oracle"/>), which the
    /// position checks for freshness, and fills at <paramref name="price"/>.
    /// </summary>
    public Liquidate? Turn(PositionId position, int breach, decimal price, Messages.Oracles.PriceUpdated oracle, DateTimeOffset now)
    {
        if (!_outstanding.TryGetValue((position, breach), out var o))
            return null;
        _outstanding[(position, breach)] = o with { Acted = true };
        return Command(o.Recorded, price, oracle, now);
    }

    /// <summary>At a new price, every breach already acted on and still unresolved is sent again.</summary>
    public IEnumerable<Liquidate> Retry(decimal price, Messages.Oracles.PriceUpdated oracle, DateTimeOffset now) =>
        _outstanding.Values.Where(o => o.Acted).Select(o => Command(o.Recorded, price, oracle, now)).ToList();

    public void Resolved(PositionId position, int breach) => _outstanding.Remove((position, breach));

    /// <summary>The position was healthy at the fill: the breach is resolved, and its price remembered.</summary>
    public void Cleared(PositionId position, int breach)
    {
        if (_outstanding.Remove((position, breach), out var cleared))
            _clearedAt[position] = cleared.Recorded.PriceSequence;
    }

    /// <summary>Every breach of a position that is no longer open is resolved.</summary>
    public void Ended(PositionId position)
    {
        foreach (var key in _outstanding.Keys.Where(k => k.Item1 == position).ToList())
            _outstanding.Remove(key);
    }

    private Liquidate Command(PositionBreached breach, decimal price, Messages.Oracles.PriceUpdated oracle, DateTimeOffset now) =>
        new(breach.PositionId, breach.Breach, account, price, oracle.Sequence, oracle.At, breach.BorrowIndex, now > breach.At ? now : breach.At)
        {
            Margin = oracle.Margin,
        };

    private sealed record Breach(PositionBreached Recorded, bool Acted);
}
