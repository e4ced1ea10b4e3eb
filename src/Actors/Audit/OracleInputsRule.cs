using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// An oracle's prices are recomputed from the audit's own replay of its reports: each accepted price
/// must be the median the reports in force made (<see cref="OracleRules.Aggregate"/>), numbered
/// right after the one before. Every price the audit checks an execution, a breach or a liquidation
/// against ends at these rows, so a price no quorum of reports made would prove whatever acted on it.
/// What next-price execution reads of them is recomputed too: the price in force when each report
/// was observed, or arrived in journals from before (<see cref="PriceReported.AfterPrice"/>), and the oldest price a quorum of each accepted
/// price's reports came after (<see cref="PriceAccepted.Since"/>), and all its recent ones (<see cref="PriceAccepted.AllAfter"/>). A node that wrote a later one
/// would pass a price made of old reports as the next one.
/// </summary>
public static class OracleInputsRule
{
    public const string Rule = "oracle-inputs";

    public static AuditFinding? Check(IOracleEvent evt, OracleState? before) => evt switch
    {
        // The oracle records only a configured source's positive, fresh report: one it would have
        // ignored (a source nobody configured, a majority of invented ones) would make a price (review).
        PriceReported e when before?.Parameters is { } p && (!p.Sources.Contains(e.Source) || e.Price <= 0 || !OracleRules.IsFresh(e, e.At, p)) =>
            new AuditFinding(Rule, $"a positive report of one of {string.Join(", ", p.Sources)}, observed within {p.StaleAfter.TotalSeconds:0} s of its arrival",
                $"{e.Source}'s {e.Price} observed at {e.ObservedAt:O}, arrived {e.At:O}"),
        PriceReported { AfterPrice: { } after } e when ExpectedAfter(e, before) is var expected && after != expected =>
            new AuditFinding(Rule, $"{e.Source}'s report observed at {e.ObservedAt:O} after price #{expected}", $"after #{after}"),
        PriceAccepted e => Accepted(e, before),
        _ => null,
    };

    /// <summary>
    /// What a report's <see cref="PriceReported.AfterPrice"/> must be: the price in force when it was
    /// observed, once it or any report in force says it counts so (a node writing the arrival's number
    /// after that would pass a lagging source's report as after a request); in journals from before,
    /// the price in force when it arrived.
    /// </summary>
    private static long ExpectedAfter(PriceReported e, OracleState? before) =>
        before is null ? 0
        : e.ByObservation || before.Latest.Values.Any(r => r.ByObservation) ? before.PriceInForceWhen(e.ObservedAt)
        : before.Sequence;

    /// <summary>
    /// The price, number, <see cref="PriceAccepted.Since"/> and <see cref="PriceAccepted.AllAfter"/> the
    /// reports in force made, against those recorded (from one aggregation of them); null when they agree.
    /// </summary>
    private static AuditFinding? Accepted(PriceAccepted e, OracleState? before)
    {
        var number = (before?.Sequence ?? 0) + 1;
        if (before?.Parameters is not { } p)
            return new AuditFinding(Rule, $"price #{number} after the oracle's parameters (OracleOpened)", $"#{e.Sequence} at {e.Price}, no parameters");
        var (price, agreeing, _) = OracleRules.Aggregate(before.Latest.Values, e.At, p);
        if (price != e.Price || e.Sequence != number)
            return new AuditFinding(Rule, $"price #{number} at {price?.ToString() ?? "none (no quorum)"}, the median of the reports in force",
                $"#{e.Sequence} at {e.Price}");
        var since = OracleRules.Since(agreeing, p.Quorum);
        if (e.Since is { } recorded && recorded != since)
            return new AuditFinding(Rule, $"price #{e.Sequence} made of a quorum of reports after #{since}", $"after #{recorded}");
        return e.AllAfter is { } all && OracleRules.AllAfter(agreeing, e.At, since) is var expected && all != expected
            ? new AuditFinding(Rule, $"price #{e.Sequence} made of a quorum of reports, and every recent one, after #{expected}", $"after #{all}")
            : null;
    }
}
