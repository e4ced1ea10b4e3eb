using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>A breach opened or cleared, until the pool has noted it (it pauses LP withdrawals while one is open).</summary>
public sealed record BreachNote(NoteBreach Sent) : Delivery<NoteBreach>(Sent)
{
    protected override IPositionEvent? Acknowledged(PositionState position, object reply) =>
        reply is BreachNoteAcknowledged r && r.Breach == Sent.Breach && r.Open == Sent.Open
            ? new PoolBreachNoteAcknowledged(position.Id, r.Breach, r.Open, Sent.At)
            : null;

    protected override bool Ends(IPositionEvent evt) => evt is PoolBreachNoteAcknowledged e && e.Breach == Sent.Breach && e.Open == Sent.Open;
}
