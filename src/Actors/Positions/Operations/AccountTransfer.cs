using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>Collateral committed or released, or money credited, until the account acknowledges the transfer.</summary>
public sealed record AccountTransfer(IAccountTransferCommand Sent) : Delivery<IAccountTransferCommand>(Sent)
{
    /// <summary>
    /// A cross settlement on its way to the account holds the next settlement back: the account
    /// ends the position's draws in flight when it applies one, so a later close's draw applied
    /// before it (the first send lost, the retry after the new draw) would be ended too, and the
    /// account would value itself short of that draw until the pool paid it back (review).
    /// </summary>
    public override bool MovesCollateral => Sent is SettleCrossPosition;

    protected override IPositionEvent? Acknowledged(PositionState position, object reply) =>
        reply is TransferAcknowledged r && r.TransferId == Sent.TransferId
            ? new PositionTransferAcknowledged(position.Id, r.TransferId, Sent.At)
            : null;

    protected override bool Ends(IPositionEvent evt) => evt is PositionTransferAcknowledged e && e.TransferId == Sent.TransferId;
}
