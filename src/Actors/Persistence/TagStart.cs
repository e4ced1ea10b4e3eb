using Akka;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using LeverageActors.Actors.Common;

namespace LeverageActors.Actors.Persistence;

/// <summary>Where a tag query starts when its follower asked for the tag's newest event (<see cref="JournalQueries.FromNewest"/>).</summary>
internal static class TagStart
{
    /// <summary>
    /// The events from <paramref name="after"/>; from just before the tag's newest row when it is
    /// <see cref="JournalQueries.FromNewest"/>, looked up off the stream's thread when the query runs
    /// (a restart before the first event looks it up again).
    /// </summary>
    public static Source<EventEnvelope, NotUsed> Resolved(
        IJournalTagTable table, string tag, long after, Func<long, Source<EventEnvelope, NotUsed>> events) =>
        after != JournalQueries.FromNewest
            ? events(after)
            : Source.FromTask(Task.Run(() => table.BeforeNewest(tag))).ConcatMany(events);
}
