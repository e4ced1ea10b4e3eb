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
/// journal from before it, or one a forger stripped of it) still owes the trip every version of the
/// rule takes, exactly (<see cref="TripInWindow"/>). The oracle writes a price and its breaker rows in one atomic batch, so a journal that
/// ends with a trip or an end still due is named too (<see cref="Unfinished"/>).
/// </summary>
public sealed class BreakerRule
{
    public const string Rule = "circuit-breaker";

    private readonly Dictionary<MarketId, Queue<IOracleEvent>> _due = [];
    private readonly HashSet<MarketId> _anchored = [];
    private readonly Dictionary<MarketId, CircuitBreakerTripped> _tripOwed = [];

    public AuditFinding? Check(IOracleEvent evt, OracleState? before)
    {
        if (_tripOwed.Remove(evt.Market, out var owed))
        {
            // A halt's end may come first (every version writes it before the trip); the trip itself exactly.
            if (evt is CircuitBreakerReset)
                _tripOwed[evt.Market] = owed;
            else if (!Equals(owed, evt))
            {
                Decide(evt, before);
                return new AuditFinding(Rule, $"right after the price, {Describe(owed)}", Describe(evt));
            }
            else
                return null;
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
            case PriceAccepted { Anchored: false } e when before?.Parameters is { } p && TripInWindow(e, before, p) is { } trip:
                _tripOwed[e.Market] = trip;
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
        foreach (var (market, trip) in _tripOwed)
            yield return (market, new AuditFinding(Rule, $"right after the price, {Describe(trip)}", "the journal's end"));
    }

    /// <summary>
    /// The trip every version of the breaker takes on a price without the anchor: unhalted, its largest
    /// move against the prices accepted inside the window past the limit (the versions differ only on
    /// what counts after a silence longer than the window, which is left unchecked). Review: a check
    /// against the price just before let a crash in two steps, and any trip's values, through.
    /// </summary>
    private static CircuitBreakerTripped? TripInWindow(PriceAccepted e, OracleState before, OracleParameters p)
    {
        if (before.IsHaltedAt(e.At))
            return null;
        var window = before.Recent.Where(a => e.At - a.At <= p.BreakerWindow).Select(a => a.Price).ToList();
        if (window.Count == 0)
            return null;
        var reference = window.MaxBy(a => OracleRules.RelativeMove(e.Price, a));
        var move = OracleRules.RelativeMove(e.Price, reference);
        return move > p.BreakerMove ? new CircuitBreakerTripped(e.Market, reference, e.Price, move, e.At + p.BreakerCooldown, e.At) : null;
    }

    private static string Describe(IOracleEvent e) => e switch
    {
        CircuitBreakerTripped t => $"a trip from {t.From} to {t.To} (move {t.Move}) until {t.Until:O}",
        CircuitBreakerReset r => $"the halt's end at {r.At:O}",
        _ => e.GetType().Name,
    };
}
