using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// The settlements positions said they recorded (<see cref="SettlementReceived"/>), gathered by the
/// pool's actor and handed to its state in one batch: one event for many closes, not one each.
/// Only the actor tells it to itself; it never crosses the wire.
/// </summary>
public sealed record ForgetSettlements(IReadOnlyList<SettlementKey> Received);
