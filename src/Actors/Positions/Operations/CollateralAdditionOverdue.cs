using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// The position's own note that a message made at <paramref name="At"/> waited too long for the
/// collateral addition <paramref name="TransferId"/>: the addition fails (its lock, if the account made
/// one, is released), and the message is then handled. Handled where it is made, never sent.
/// </summary>
public sealed record CollateralAdditionOverdue(TransferId TransferId, DateTimeOffset At);
