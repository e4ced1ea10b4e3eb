using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// Predictive liquidation's early deleverage (issue 17 item 3), decided on the same check as the
/// warning: a position that is not breached, closing or liquidating and is below the market's
/// <see cref="PredictiveLiquidation.DeleverageSigmas"/>, where <see cref="PredictiveLiquidation.EarlyDeleverage"/>
/// is on, records <see cref="EarlyDeleverageStarted"/> and, in the same write, settles the
/// <see cref="RiskDistance.Fraction"/> that leaves it <see cref="PredictiveLiquidation.AtRiskSigmas"/> away,
/// at the check's oracle price, as auto-deleveraging does, paying <see cref="PenaltyRate"/> on what it
/// closes (a <see cref="PredictiveLiquidation.PenaltyShare"/> of the liquidation penalty) to the
/// insurance fund; the fraction is computed net of that penalty, so the rest is 2σ away after paying it.
/// </summary>
public static class EarlyDeleverage
{
    public static RequestId RequestOf(int number, PositionId position) => RequestId.From($"early-{number}-{position.Value}");

    /// <summary>An early deleverage's penalty rate on the closed notional: the share of the market's liquidation penalty rate.</summary>
    public static decimal PenaltyRate(Messages.Markets.MarketParameters parameters, PredictiveLiquidation predictive)
    {
        var rate = predictive.PenaltyShare * parameters.LiquidationPenaltyRate;
        // A zero of any scale is the plain 0 a row without the field reads back as.
        return rate == 0 ? 0m : rate;
    }

    public static Handling<PositionState, IPositionEvent> Decide(PositionState p, CheckMargin c)
    {
        var warning = RiskWarning.Decide(p, c);
        if (Start(p, c) is not { } started)
            return warning;
        // Warned and deleveraged in one write when the price fell past both levels at once.
        return Handling<PositionState, IPositionEvent>.Persist(
            [.. warning.Events.OfType<PositionAtRisk>(), started, new PositionSettlementRequested(p.Id, RequestOf(started.Number, p.Id), started.Number,
                started.Fraction, started.Price, started.At) { FundingBound = Operations.Settling.FundingBound(p, started.Fraction, started.At) }]);
    }

    private static EarlyDeleverageStarted? Start(PositionState p, CheckMargin c)
    {
        var predictive = p.Catalog.Oracle(p.Market)?.Margin?.PredictiveInForce ?? PredictiveLiquidation.Default;
        if (!predictive.EarlyDeleverage || c.Scale is not { } scale || p.Operations.Any(o => o.MovesCollateral) || p.Quantity <= 0)
            return null;
        var rate = MarginRates.Required(p.Parameters, c.Margin);
        if (RiskDistance.LiquidationPrice(p, c.BorrowIndex, rate) is not { } liquidation
            || RiskDistance.Sigmas(p.Side, liquidation, c.Price, scale) is not { } sigmas
            || sigmas >= predictive.DeleverageSigmas)
            return null;
        var (equity, _) = p.Margin(c.Price, c.BorrowIndex, rate);
        var penaltyRate = PenaltyRate(p.Parameters, predictive);
        var fraction = RiskDistance.Fraction(p.Side, equity, p.Quantity * c.Price, p.Parameters, rate, predictive.AtRiskSigmas, scale, penaltyRate);
        // A deleverage that would close everything is a liquidation's business, not this one's.
        if (fraction is <= 0 or >= 1)
            return null;
        return new EarlyDeleverageStarted(p.Id, p.Market, p.Numbers.NextSettlement, fraction, sigmas, predictive.DeleverageSigmas, predictive.AtRiskSigmas,
            c.Price, c.PriceSequence, c.BorrowIndex, rate, scale.Sigma, scale.Horizon, c.At) { PenaltyRate = penaltyRate };
    }
}
