using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// A <see cref="RiskModelsChanged"/> is an operator's configuration, which the audit cannot see; what
/// it can see is that the oracle writes one only when it had opened, with a dynamic margin, inside the
/// limits a node accepts (<see cref="RiskModelLimits"/>), and only to change something. A record
/// outside them (a Z of 50 to liquidate everyone, a ceiling below the market's own rate) is no
/// oracle's.
/// </summary>
public static class RiskModelsRule
{
    public const string Rule = "oracle-risk-models";

    public static AuditFinding? Check(RiskModelsChanged change, OracleState? before)
    {
        var problem = before?.Parameters is not { } recorded ? "no oracle opened before it"
            : change.Margin is null ? "no dynamic margin"
            : RiskModelLimits.Problem(change.Volatility) ?? RiskModelLimits.Problem(change.Margin)
              ?? (change.Volatility == recorded.VolatilityInForce() && change.Margin == recorded.Margin ? "nothing changed" : null);
        return problem is null
            ? null
            : new AuditFinding(Rule, "models an oracle takes from a node's configuration: a change, with a dynamic margin, inside a node's limits",
                $"{problem}: {change.Volatility}, {change.Margin}");
    }
}
