using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using LeverageActors.Actors.Common;
using LeverageActors.Host.Api.Models;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Host.Api;

/// <summary>A position's events read back from the journal, in order, as recorded.</summary>
public sealed class PositionHistory(ActorSystem system)
{
    public async Task<IReadOnlyList<HistoryEntry>> Of(PositionId position, CancellationToken token)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByPersistenceId(PersistenceIds.Position(position), 0, long.MaxValue)
            .RunAggregate(new List<HistoryEntry>(), (list, e) =>
            {
                if (e.Event is IPositionEvent evt)
                    list.Add(new HistoryEntry(e.SequenceNr, evt.GetType().Name, evt.At, evt));
                return list;
            }, system.Materializer());
        token.ThrowIfCancellationRequested();
        return events;
    }
}
