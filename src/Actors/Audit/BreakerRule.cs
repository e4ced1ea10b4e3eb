using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// The circuit breaker decided again: after every anchored price (<see cref="PriceAccepted.Anchored"/>,
/// the rule since the window's anchor) the oracle's next rows must be exactly what
/// <see cref="OracleState.BreakerAfter"/> gives from the oracle as it stood (a halt's end, a trip),
/// and a trip or an end no price called for is named, as is a price without the anchor once an
/// oracle has written one. A forger who left a trip out would have a crash priced and traded
/// unhalted; one who wrote a trip in, a market halted for nothing. A price without the anchor (a
/// journal from before it, or one a forger stripped of it) still owes a trip where every version of
/// the rule trips: unhalted, a move past the breaker's against the price before it, inside the
/// window. The oracle writes a price and its breaker rows in one atomic batch, so a journal that
/// ends with a trip or an end still due is named too (<see cref="Unfinished"/>).
/// </summary>
public sealed class BreakerRule
{
    public const string Rule = "circuit-breaker";

    private readonly Dictionary<MarketId, Queue<IOracleEvent>> _due = [];
    private readonly HashSet<MarketId> _anchored = [];
    private readonly Dictionary<MarketId, PriceAccepted> _tripOwed = [];

    public AuditFinding? Check(IOracleEvent evt, OracleState? before)
    {
        if (_tripOwed.Remove(evt.Market, out var moved) && evt is not CircuitBreakerTripped)
        {
            if (evt is CircuitBreakerReset)
                _tripOwed[evt.Market] = moved;
            else
            {
                Decide(evt, before);
                return new AuditFinding(Rule, $"a trip right after price #{moved.Sequence} at {moved.Price}, a move past the breaker's inside its window",
                    Describe(evt));
            }
        }

        if (_due.TryGetValue(evt.Market, out var due) && due.Count > 0)
        {
            var expected = due.Dequeue();
            if (Equals(expected, evt))
                return null;
            due.Clear();
            // The row in its place is still decided (a price in it is the next one's start), but the gap is what is named.
            Decide(evt, before);
            return new AuditFinding(Rule, $"right after the price, {Describe(expected)}", Describe(evt));
        }

        return Decide(evt, before);
    }

    private AuditFinding? Decide(IOracleEvent evt, OracleState? before)
    {
        switch (evt)
        {
            case PriceAccepted { Anchored: true } e when before?.Parameters is { } p:
                _anchored.Add(e.Market);
                _due[e.Market] = new Queue<IOracleEvent>(before.BreakerAfter(e.Price, e.At, p));
                return null;
            case PriceAccepted { Anchored: false } e when _anchored.Contains(e.Market):
                return new AuditFinding(Rule, $"price #{e.Sequence} anchored, as every price after the first anchored one", "a price without the anchor");
            case PriceAccepted { Anchored: false } e when before?.Parameters is { } p && OwesTrip(e, before, p):
                _tripOwed[e.Market] = e;
                return null;
            case CircuitBreakerTripped or CircuitBreakerReset when _anchored.Contains(evt.Market):
                return new AuditFinding(Rule, "a trip or a halt's end only right after the price that calls for it", Describe(evt));
            default:
                return null;
        }
    }

    /// <summary>Markets whose trip or halt's end was due when the journal ended: the batch that wrote their price always writes them with it.</summary>
    public IEnumerable<(MarketId Market, AuditFinding Finding)> Unfinished()
    {
        foreach (var (market, due) in _due.Where(d => d.Value.Count > 0))
            yield return (market, new AuditFinding(Rule, $"right after the price, {Describe(due.Peek())}", "the journal's end"));
        foreach (var (market, moved) in _tripOwed)
            yield return (market, new AuditFinding(Rule, $"a trip right after price #{moved.Sequence} at {moved.Price}", "the journal's end"));
    }

    /// <summary>A move no version of the breaker let through: unhalted, past its limit against the price just before, inside its window.</summary>
    private static bool OwesTrip(PriceAccepted e, OracleState before, OracleParameters p) =>
        !before.IsHaltedAt(e.At) && before.Price is { } last && before.PriceAt is { } lastAt && e.At - lastAt <= p.BreakerWindow
        && OracleRules.RelativeMove(e.Price, last) > p.BreakerMove;

    private static string Describe(IOracleEvent e) => e switch
    {
        CircuitBreakerTripped t => $"a trip from {t.From} to {t.To} (move {t.Move}) until {t.Until:O}",
        CircuitBreakerReset r => $"the halt's end at {r.At:O}",
        _ => e.GetType().Name,
    };
}
