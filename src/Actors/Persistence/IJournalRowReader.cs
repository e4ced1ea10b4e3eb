using Akka.Persistence;

namespace LeverageActors.Actors.Persistence;

/// <summary>An entity's recovery straight from the journal's table, bypassing the plugin.</summary>
internal interface IJournalRowReader : IDisposable
{
    Task<long> HighestSequenceNr(string persistenceId, CancellationToken cancellationToken);

    Task Replay(string persistenceId, long from, long to, long max, Action<IPersistentRepresentation> callback);
}
