using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// One position's check threshold before the market's requirement: the liquidation price is
/// max(0, N / (q·d)) with N the position's equity term (entry·q − collateral + interest for a long,
/// collateral + q·entry − interest for a short) and d its <see cref="RiskRate.Divisor"/>, the only
/// part a change of requirement moves. <see cref="Key"/>, N/q, orders a book's rows the way their
/// thresholds are ordered at any requirement (d is shared by the book and positive).
/// </summary>
public readonly record struct RiskBase(PositionId Id, PositionSide Side, decimal Numerator, decimal Quantity, RiskRate Rate)
{
    public decimal Key => Common.DecimalMath.Saturating(Numerator, Quantity);

    /// <summary>Exactly <see cref="RiskThreshold.For(RiskPosition, decimal, decimal?)"/>'s threshold at that divisor (a saturated short's, which has none there, is the largest decimal).</summary>
    public decimal ThresholdOver(decimal divisor) => Threshold(Numerator, Quantity, divisor);

    public static decimal Threshold(decimal numerator, decimal quantity, decimal divisor) =>
        Math.Max(0, Common.DecimalMath.Saturating(numerator, quantity * divisor));

    /// <summary>The threshold at the requirement <paramref name="required"/> (null: the position's own rate).</summary>
    public decimal ThresholdAt(decimal? required) => ThresholdOver(Rate.Divisor(Side, required));
}
