using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// What the risk index keeps of one open position: its side and the price past which it must be
/// checked. Longs are checked at or below the threshold, shorts at or above.
/// </summary>
public readonly record struct RiskRow(PositionId Id, PositionSide Side, decimal Threshold);
