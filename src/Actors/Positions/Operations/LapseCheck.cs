namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// The position's own note, made by its actor from the node's clock at <paramref name="At"/>, that a
/// step still waiting for its account or pool may have outlived its price: an open
/// (<see cref="Opening.LapsedAt"/>) or a collateral addition (<see cref="CollateralIncrease.LapsedAt"/>)
/// decides. Handled where it is made, never sent.
/// </summary>
public sealed record LapseCheck(DateTimeOffset At);
