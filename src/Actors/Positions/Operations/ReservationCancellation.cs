using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>An open that failed after the pool reserved liquidity, until the pool has given the reservation back.</summary>
public sealed record ReservationCancellation(CancelReservation Sent) : Delivery<CancelReservation>(Sent)
{
    protected override IPositionEvent? Acknowledged(PositionState position, object reply) =>
        reply is ReservationCancelledReply ? new ReservationCancellationAcknowledged(position.Id, Sent.At) : null;

    protected override bool Ends(IPositionEvent evt) => evt is ReservationCancellationAcknowledged;
}
