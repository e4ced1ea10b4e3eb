using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Margin;

namespace LeverageActors.Tests.Predictive;

/// <summary>
/// <see cref="DynamicMarginStory"/> with the risk index's check carrying what the oracle publishes
/// with its price: the margin in force and the σ and horizon it was recorded from.
/// </summary>
public sealed class PredictiveStory(bool dynamic = true, PredictiveLiquidation? predictive = null)
{
    public DynamicMarginStory Margin { get; } = new(dynamic, predictive);

    public void Check(PositionId? id = null)
    {
        var s = Margin.S;
        var oracle = s.Oracle();
        s.X.Send(new CheckMargin(id ?? Margin.Long, oracle.Price!.Value, s.Pool().AccruedTo(s.Now).BorrowIndex, oracle.Sequence, s.Now)
            { Margin = Margin.InForce(), Scale = oracle.Margin.Scale });
    }

    /// <summary>A price <paramref name="seconds"/> after the last, then the check at it.</summary>
    public void PriceThenCheck(decimal price, int seconds = 20)
    {
        Margin.S.Advance(TimeSpan.FromSeconds(seconds));
        Margin.S.PriceIs(price);
        Check();
    }

    public List<IPositionEvent> Warnings() =>
        Margin.Recorded<IPositionEvent>().Where(e => e is PositionAtRisk or PositionRiskCleared).ToList();
}
