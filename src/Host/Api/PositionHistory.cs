using System.Globalization;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using LeverageActors.Actors.Common;
using LeverageActors.Host.Api.Models;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Host.Api;

/// <summary>
/// A position's events read back from the journal, in order, as recorded, a page at a time: read
/// whole, a position a trader had written a million cheap events to (collateral added a millionth
/// at a time) cost hundreds of megabytes a request (a review).
/// </summary>
public sealed class PositionHistory(ActorSystem system)
{
    public const int DefaultPage = 500;
    public const int MaxPage = 1_000;

    /// <summary>The events after sequence number <paramref name="after"/>, at most <paramref name="limit"/> of them.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> Of(PositionId position, long after, int limit, CancellationToken token)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByPersistenceId(PersistenceIds.Position(position), after + 1, long.MaxValue)
            .Take(limit)
            .RunAggregate(new List<HistoryEntry>(), (list, e) =>
            {
                if (e.Event is IPositionEvent evt)
                    list.Add(new HistoryEntry(e.SequenceNr, evt.GetType().Name, evt.At, evt));
                return list;
            }, system.Materializer());
        token.ThrowIfCancellationRequested();
        return events;
    }

    /// <summary>The page a request's <c>after</c> and <c>limit</c> ask for, or the problem with them.</summary>
    public static ((long After, int Limit) Page, ApiAnswer? Invalid) Page(string? after, string? limit)
    {
        var from = 0L;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from) || from < 0))
            return (default, ProblemKindAnswers.Field("after", "must be a sequence number, 0 or more"));
        var size = DefaultPage;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPage))
            return (default, ProblemKindAnswers.Field("limit", $"must be a whole number from 1 to {MaxPage}"));
        return ((from, size), null);
    }
}
