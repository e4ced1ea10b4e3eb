using LeverageActors.Messages.Positions;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// Each side's cumulative funding index of a market's pool (issue 18), as a mark carries it: a cross
/// position owes its entry notional × (its side's index here − its side's index when it opened).
/// </summary>
public sealed record MarkFunding(decimal Long, decimal Short)
{
    public decimal Of(PositionSide side) => side == PositionSide.Long ? Long : Short;
}
