using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// An early deleverage (issue 17 item 3) recomputed at its recorded price and borrow index, held to
/// the requirement in force and the σ and horizon it was recorded from: the market had early
/// deleverage on (its oracle's recorded configuration, never today's); the position was open, not
/// breached, closing, liquidating or moving collateral; it was the recorded distance from its
/// liquidation price, below the configured level; the fraction is the one that restores the at-risk
/// level net of the penalty, and the penalty rate is the configured share of the position's
/// liquidation penalty rate. The settlement's amounts are recomputed with that rate by
/// <see cref="SettlementRecompute"/>.
/// </summary>
public static class EarlyDeleverageRule
{
    public const string Rule = "early-deleverage-recomputed";

    public static AuditFinding? Check(EarlyDeleverageStarted recorded, PositionState before, OracleState? oracle, MarginInForce? margin, RiskScale? scale)
    {
        var predictive = oracle?.Parameters?.Margin?.PredictiveInForce ?? PredictiveLiquidation.Default;
        if (!predictive.EarlyDeleverage)
            return new AuditFinding(Rule, $"early deleverage on in {recorded.Market}", "it is off in the market's recorded configuration");
        if (before.Status != PositionStatus.Open || before.UnderLiquidation || BusyPosition.MovingCollateral(before).Any() || before.Quantity <= 0)
            return new AuditFinding(Rule, "an open position that is not breached, closing, liquidating or moving collateral",
                $"{before.Status}{(before.UnderLiquidation ? ", under liquidation" : "")}, operations {string.Join(", ", before.Operations.Select(o => o.GetType().Name))}");

        var rate = MarginRates.Required(before.Parameters, margin);
        var recordedScale = new RiskScale(recorded.Sigma, recorded.Horizon);
        var liquidation = RiskDistance.LiquidationPrice(before, recorded.BorrowIndex, rate);
        var sigmas = liquidation is { } l ? RiskDistance.Sigmas(before.Side, l, recorded.Price, recordedScale) : null;
        var (equity, _) = before.Margin(recorded.Price, recorded.BorrowIndex, rate);
        var penaltyRate = EarlyDeleverage.PenaltyRate(before.Parameters, predictive);
        var fraction = RiskDistance.Fraction(before.Side, equity, before.Quantity * recorded.Price, before.Parameters, rate, predictive.AtRiskSigmas,
            recordedScale, penaltyRate);
        var justified = rate == recorded.Maintenance && (scale is null || scale == recordedScale)
                        && sigmas == recorded.Sigmas && sigmas < predictive.DeleverageSigmas
                        && recorded.Level == predictive.DeleverageSigmas && recorded.Target == predictive.AtRiskSigmas
                        && fraction == recorded.Fraction && fraction is > 0 and < 1
                        && penaltyRate == recorded.PenaltyRate && recorded.Number == before.Numbers.NextSettlement;
        return justified
            ? null
            : new AuditFinding(Rule,
                $"maintenance {rate}, {sigmas}σ below {predictive.DeleverageSigmas} at {recorded.Price} with σ {scale?.Sigma ?? recorded.Sigma} over " +
                $"{scale?.Horizon ?? recorded.Horizon}, fraction {fraction} to {predictive.AtRiskSigmas}σ, penalty rate {penaltyRate}, settlement #{before.Numbers.NextSettlement}",
                $"maintenance {recorded.Maintenance}, {recorded.Sigmas}σ below {recorded.Level}, fraction {recorded.Fraction} to {recorded.Target}σ, " +
                $"penalty rate {recorded.PenaltyRate}, settlement #{recorded.Number}");
    }
}
