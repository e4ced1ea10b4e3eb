using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>Collateral committed or released, or money credited, until the account acknowledges the transfer.</summary>
public sealed record AccountTransfer(IAccountTransferCommand Sent) : Delivery<IAccountTransferCommand>(Sent)
{
    protected override IPositionEvent? Acknowledged(PositionState position, object reply) =>
        reply is TransferAcknowledged r && r.TransferId == Sent.TransferId
            ? new PositionTransferAcknowledged(position.Id, r.TransferId, Sent.At)
            : null;

    protected override bool Ends(IPositionEvent evt) => evt is PositionTransferAcknowledged e && e.TransferId == Sent.TransferId;
}
