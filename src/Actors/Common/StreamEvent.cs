using Akka.Persistence.Query;

namespace LeverageActors.Actors.Common;

/// <summary>
/// A journal event as delivered by one particular query stream. After a restart an actor can
/// still find events of its previous incarnation's stream in its mailbox: the stream id tells them apart.
/// </summary>
public sealed record StreamEvent(Guid Stream, EventEnvelope Envelope);
