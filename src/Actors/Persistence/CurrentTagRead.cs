using Akka;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Akka.Util;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// A tag's events already written, from the journal's table in pages: up to a bound taken when
/// the query begins (<paramref name="until"/>: an ordering every row below which is visible and
/// final), then the stream ends.
/// </summary>
internal static class CurrentTagRead
{
    public static Source<EventEnvelope, NotUsed> Events(IJournalTagTable table, Func<long> until, string tag, long after) =>
        Source.UnfoldAsync((From: after, Until: -1L), async state =>
        {
            var bound = state.Until == -1 ? await Task.Run(until) : state.Until;
            if (state.From >= bound)
                return Option<((long, long), IReadOnlyList<EventEnvelope>)>.None;
            var (page, scanned) = await Task.Run(() => table.Read(tag, state.From, bound));
            return ((scanned, bound), page);
        }).SelectMany(page => page);
}
