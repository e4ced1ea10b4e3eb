using Akka.Persistence.Query;

namespace LeverageActors.Actors.Common;

/// <summary>
/// What a <see cref="JournalFeed"/> sends its actor. <c>Feed</c> names the stream: after a restart
/// an actor can still find messages of its previous incarnation's streams in its mailbox.
/// </summary>
public interface IJournalFeedMessage
{
    Guid Feed { get; }
}

/// <summary>The feed is ready; it sends nothing until acknowledged.</summary>
public sealed record JournalFeedStarted(Guid Feed) : IJournalFeedMessage;

/// <summary>
/// The events that came while the actor handled the previous batch, in journal order. The next
/// batch waits for <see cref="JournalFeedAck"/>: a slow actor slows the query instead of filling its mailbox.
/// </summary>
public sealed record JournalFeedEvents(Guid Feed, IReadOnlyList<EventEnvelope> Events) : IJournalFeedMessage;

/// <summary>A finite feed caught up, or a live one was stopped.</summary>
public sealed record JournalFeedEnded(Guid Feed) : IJournalFeedMessage;

/// <summary>The feed gave up: its query failed more often than its back-off allows, or its stream was cut.</summary>
public sealed record JournalFeedFailed(Guid Feed, Exception Cause) : IJournalFeedMessage
{
    // Only the type in a dead letter's line: a stream cut as its actor stops is no error to print.
    public override string ToString() => $"JournalFeedFailed {{ Feed = {Feed} }}";
}

/// <summary>The actor handled the last message; the feed may send the next.</summary>
public sealed class JournalFeedAck
{
    public static readonly JournalFeedAck Instance = new();

    private JournalFeedAck()
    {
    }
}

/// <summary>
/// A row the feed could not decode, handed on in its place (<see cref="JournalFeed.PassingUnreadable"/>):
/// the projector notes it and never hands it to the actor (<see cref="JournalProjector.FirstUnreadable"/>).
/// </summary>
public sealed record UnreadableRow(long Ordering, string PersistenceId, string Reason);

/// <summary>Time to look again at a row that could not be decoded (<see cref="JournalProjector"/>).</summary>
public sealed record RereadJournal(Guid Feed) : IJournalFeedMessage;

/// <summary>
/// What a look at the rows that could not be decoded found: the first of them that reads now, if
/// any, and every one that reads, each with the tag it was passed over in.
/// </summary>
public sealed record UnreadableRowsLooked(Guid Feed, long? Readable) : IJournalFeedMessage
{
    public IReadOnlyList<(string Tag, Akka.Persistence.Query.EventEnvelope Row)> Rows { get; init; } = [];
}
