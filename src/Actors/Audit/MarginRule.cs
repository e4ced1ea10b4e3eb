using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Oracles.Margin;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// A recorded margin requirement is the one the oracle's own rule gives from the volatility it
/// recorded at the same price: a requirement edited into the journal, up to liquidate or down to
/// spare someone, cannot justify anything.
/// </summary>
public static class MarginRule
{
    /// <param name="previous">The oracle's row before this one: a fall to a ceiling comes right after its price (and that price's breaker and volatility rows).</param>
    public static AuditFinding? Check(MarginRequirementChanged recorded, OracleState? before, IOracleEvent? previous)
    {
        var volatility = before?.RecordedVolatility;
        var expected = before?.Parameters is { } p && volatility is not null && volatility.PriceSequence == recorded.PriceSequence
            ? MarginRecording.Due(recorded.Market, p, volatility, before.Margin.Last, before.Sequence, recorded.At)
            : null;
        var afterItsPrice = previous switch
        {
            PriceAccepted a => a.Sequence == recorded.PriceSequence,
            CircuitBreakerTripped or CircuitBreakerReset => before?.PriceAt == recorded.At,
            VolatilityUpdated v => v.PriceSequence == recorded.PriceSequence,
            _ => false,
        };
        // Every record is dated and numbered as the price it follows: dated earlier, a rise's grace would be over before it began.
        var atItsPrice = before is not null && recorded.At == before.PriceAt && recorded.PriceSequence == before.Sequence;
        return atItsPrice && (expected == recorded || afterItsPrice && RiskModels.CeilingFall(before!, recorded.At) == recorded)
            ? null
            : new AuditFinding("margin-recomputed",
                expected is null ? $"no change from σ {volatility?.Sigma.ToString() ?? "none"} at price #{before?.Sequence ?? 0}" : Show(expected),
                Show(recorded));
    }

    private static string Show(MarginRequirementChanged m) =>
        $"maintenance {m.PreviousMaintenance} → {m.Maintenance}, initial {m.PreviousInitial} → {m.Initial} from σ {m.Sigma} over {m.Horizon}, grace until {m.GraceUntil:O}";
}
