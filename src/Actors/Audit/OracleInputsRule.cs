using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// What next-price execution reads of an oracle's prices is recomputed from the audit's own replay:
/// the price in force when each report arrived (<see cref="PriceReported.AfterPrice"/>), and the oldest
/// price a quorum of each accepted price's reports came after (<see cref="PriceAccepted.Since"/>). A
/// node that wrote a later one would pass a price made of old reports as the next one.
/// </summary>
public static class OracleInputsRule
{
    public const string Rule = "oracle-inputs";

    public static AuditFinding? Check(IOracleEvent evt, OracleState? before) => evt switch
    {
        PriceReported { AfterPrice: { } after } e when after != (before?.Sequence ?? 0) =>
            new AuditFinding(Rule, $"{e.Source}'s report after price #{before?.Sequence ?? 0}", $"after #{after}"),
        PriceAccepted { Since: { } since } e when Recomputed(e, before) is var expected && expected != since =>
            new AuditFinding(Rule, $"price #{e.Sequence} made of a quorum of reports after #{expected?.ToString() ?? "none (no quorum)"}", $"after #{since}"),
        _ => null,
    };

    private static long? Recomputed(PriceAccepted e, OracleState? before)
    {
        if (before?.Parameters is not { } p)
            return null;
        var (price, agreeing, _) = OracleRules.Aggregate(before.Latest.Values, e.At, p);
        return price is null ? null : OracleRules.Since(agreeing, p.Quorum);
    }
}
