using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>Collateral added or removed, until the pool has booked it against the reservation.</summary>
public sealed record PoolCollateralChange(AdjustReservedCollateral Sent) : Delivery<AdjustReservedCollateral>(Sent)
{
    protected override IPositionEvent? Acknowledged(PositionState position, object reply) =>
        reply is CollateralAdjustmentAcknowledged r && r.TransferId == Sent.TransferId
            ? new PoolCollateralAcknowledged(position.Id, r.TransferId, Sent.At)
            : null;

    protected override bool Ends(IPositionEvent evt) => evt is PoolCollateralAcknowledged e && e.TransferId == Sent.TransferId;
}
