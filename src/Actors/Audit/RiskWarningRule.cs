using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// A predictive warning (issue 17 item 3) recomputed: at its recorded price and borrow index the
/// position, held to the requirement in force, has the recorded liquidation price and is the
/// recorded distance from it, below the level; σ and horizon are those the requirement in force was
/// recorded from (when the market recorded one); and no warning was already open (once per crossing).
/// </summary>
public static class RiskWarningRule
{
    public static AuditFinding? Check(PositionAtRisk recorded, PositionState before, MarginInForce? margin, RiskScale? scale)
    {
        var rate = MarginRates.Required(before.Parameters, margin);
        var recordedScale = new RiskScale(recorded.Sigma, recorded.Horizon);
        var liquidation = RiskDistance.LiquidationPrice(before, recorded.BorrowIndex, rate);
        var sigmas = liquidation is { } l ? RiskDistance.Sigmas(before.Side, l, recorded.Price, recordedScale) : null;
        var justified = before.Warning is null && rate == recorded.Maintenance && liquidation == recorded.LiquidationPrice
                        && sigmas == recorded.Sigmas && sigmas < recorded.Level && (scale is null || scale == recordedScale);
        return justified
            ? null
            : new AuditFinding("risk-warning-recomputed",
                $"{(before.Warning is null ? "" : "no second warning before it clears; ")}maintenance {rate}, liquidation price {liquidation}, " +
                $"{sigmas}σ below {recorded.Level} at {recorded.Price} with σ {scale?.Sigma.ToString() ?? recorded.Sigma.ToString()} over {scale?.Horizon ?? recorded.Horizon}",
                $"maintenance {recorded.Maintenance}, liquidation price {recorded.LiquidationPrice}, {recorded.Sigmas}σ with σ {recorded.Sigma} over {recorded.Horizon}");
    }
}
