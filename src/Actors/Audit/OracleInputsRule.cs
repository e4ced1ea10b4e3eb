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
        PriceReported { AfterPrice: { } after } e when ExpectedAfter(e, before) is var expected && after != expected =>
            new AuditFinding(Rule, $"{e.Source}'s report observed at {e.ObservedAt:O} after price #{expected}", $"after #{after}"),
        PriceAccepted e when Made(e, before) is { } made => made,
        PriceAccepted { Since: { } since } e when Recomputed(e, before) is var expected && expected != since =>
            new AuditFinding(Rule, $"price #{e.Sequence} made of a quorum of reports after #{expected?.ToString() ?? "none (no quorum)"}", $"after #{since}"),
        PriceAccepted { AllAfter: { } all } e when RecomputedAll(e, before) is var expected && expected != all =>
            new AuditFinding(Rule, $"price #{e.Sequence} made of a quorum of reports, and every recent one, after #{expected?.ToString() ?? "none (no quorum)"}", $"after #{all}"),
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

    /// <summary>The price and number the reports in force made, against those recorded; null when they agree.</summary>
    private static AuditFinding? Made(PriceAccepted e, OracleState? before)
    {
        var number = (before?.Sequence ?? 0) + 1;
        if (before?.Parameters is not { } p)
            return new AuditFinding(Rule, $"price #{number} after the oracle's parameters (OracleOpened)", $"#{e.Sequence} at {e.Price}, no parameters");
        var (price, _, _) = OracleRules.Aggregate(before.Latest.Values, e.At, p);
        return price == e.Price && e.Sequence == number
            ? null
            : new AuditFinding(Rule, $"price #{number} at {price?.ToString() ?? "none (no quorum)"}, the median of the reports in force",
                $"#{e.Sequence} at {e.Price}");
    }

    private static long? Recomputed(PriceAccepted e, OracleState? before)
    {
        if (before?.Parameters is not { } p)
            return null;
        var (price, agreeing, _) = OracleRules.Aggregate(before.Latest.Values, e.At, p);
        return price is null ? null : OracleRules.Since(agreeing, p.Quorum);
    }

    private static long? RecomputedAll(PriceAccepted e, OracleState? before)
    {
        if (before?.Parameters is not { } p)
            return null;
        var (price, agreeing, _) = OracleRules.Aggregate(before.Latest.Values, e.At, p);
        return price is null ? null : OracleRules.AllAfter(agreeing, e.At, p.Quorum);
    }
}
