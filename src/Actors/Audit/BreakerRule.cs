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
/// unhalted; one who wrote a trip in, a market halted for nothing. Journals from before the anchor
/// are audited by the prices alone.
/// </summary>
public sealed class BreakerRule
{
    public const string Rule = "circuit-breaker";

    private readonly Dictionary<MarketId, Queue<IOracleEvent>> _due = [];
    private readonly HashSet<MarketId> _anchored = [];

    public AuditFinding? Check(IOracleEvent evt, OracleState? before)
    {
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
            case CircuitBreakerTripped or CircuitBreakerReset when _anchored.Contains(evt.Market):
                return new AuditFinding(Rule, "a trip or a halt's end only right after the price that calls for it", Describe(evt));
            default:
                return null;
        }
    }

    private static string Describe(IOracleEvent e) => e switch
    {
        CircuitBreakerTripped t => $"a trip from {t.From} to {t.To} (move {t.Move}) until {t.Until:O}",
        CircuitBreakerReset r => $"the halt's end at {r.At:O}",
        _ => e.GetType().Name,
    };
}
