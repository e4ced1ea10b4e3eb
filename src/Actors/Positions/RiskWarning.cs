using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// The warning of predictive liquidation (issue 17 item 3), decided on the risk index's check: a
/// position that is not breached measures its <see cref="RiskDistance"/> at the check's price, held
/// to the requirement in force (during a rise's grace that is the new one, which is the point: it is
/// warned while it cannot yet be liquidated for it). Below the market's level it records
/// <see cref="PositionAtRisk"/> once; at or above it again, <see cref="PositionRiskCleared"/> re-arms it.
/// </summary>
public static class RiskWarning
{
    public static Handling<PositionState, IPositionEvent> Decide(PositionState p, CheckMargin c)
    {
        // The scale comes only with a dynamic requirement; the level is the market's, recorded in the event.
        if (c.Scale is not { } scale || (p.Warning is { } open && c.PriceSequence <= open.PriceSequence))
            return Handling<PositionState, IPositionEvent>.Ignore;
        var level = (p.Catalog.Oracle(p.Market)?.Margin?.PredictiveInForce ?? PredictiveLiquidation.Default).AtRiskSigmas;
        var rate = MarginRates.Required(p.Parameters, c.Margin);
        if (RiskDistance.LiquidationPrice(p, c.BorrowIndex, rate) is not { } liquidation
            || RiskDistance.Sigmas(p.Side, liquidation, c.Price, scale) is not { } sigmas)
            return Handling<PositionState, IPositionEvent>.Ignore;

        if (p.Warning is null && sigmas < level)
            return Handling<PositionState, IPositionEvent>.Persist(new PositionAtRisk(p.Id, p.Market, sigmas, level, c.Price, c.BorrowIndex, liquidation, rate,
                scale.Sigma, scale.Horizon, c.PriceSequence, c.At));
        if (p.Warning is { } warned && sigmas >= warned.Level)
            return Handling<PositionState, IPositionEvent>.Persist(new PositionRiskCleared(p.Id, p.Market, sigmas, c.Price, c.PriceSequence, c.At));
        return Handling<PositionState, IPositionEvent>.Ignore;
    }
}
