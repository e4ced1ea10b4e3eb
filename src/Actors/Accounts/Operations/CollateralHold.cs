using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts.Operations;

/// <summary>
/// Collateral set aside for a position under one transfer. The account sends nothing: it waits
/// for the position to commit it (the position took it) or release it (back to the free balance).
/// </summary>
public sealed record CollateralHold(PositionId Position, decimal Amount);
