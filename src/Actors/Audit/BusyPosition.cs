using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Positions.Operations;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Whether a position was moving collateral when a row acted on it, as every version decided it: a
/// cross settlement on its way to the account holds the next step back only since December 2026
/// (<see cref="AccountTransfer.MovesCollateral"/>), so an auto-deleverage, an early deleverage or a
/// trigger beside one in an older journal was no rule broken.
/// </summary>
public static class BusyPosition
{
    public static IEnumerable<PositionOperation> MovingCollateral(PositionState position) =>
        position.Operations.Where(o => o.MovesCollateral && o is not AccountTransfer);
}
