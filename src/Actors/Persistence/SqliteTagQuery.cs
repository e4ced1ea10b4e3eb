using Akka;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// A tag's events straight from the SQLite journal, for the node's journal followers (risk
/// indexes, liquidators, watchers), found through its tag index (<see cref="SqliteTagIndex"/>), in
/// pages up to the highest ordering committed when the page is asked. SQLite has one writer, so rows commit in ordering order: every row up to that
/// highest ordering is visible, and no gap can fill in later (what the plugin's sequence actor
/// polls the table for). A current query ends at the highest ordering it saw when it began; a live
/// one is a <see cref="LiveTagRead"/>: it joins the node's <see cref="JournalTail"/>, reads
/// the table up to where the tail stood, then takes the tail's events.
/// </summary>
internal sealed class SqliteTagQuery(Akka.Actor.ActorSystem system, string connectionString, StoredEventCodec codec, TimeSpan refresh) : IJournalTagTable
{
    /// <summary>The node's direct tag query, when its journal is <see cref="SqliteJournal"/>'s SQLite; otherwise null.</summary>
    public static SqliteTagQuery? For(Akka.Actor.ActorSystem system)
    {
        var setup = system.Settings.Setup.Get<SqliteJournalSetup>();
        if (!setup.HasValue)
            return null;
        var config = system.Settings.Config;
        return new SqliteTagQuery(system, setup.Value.ConnectionString,
            new StoredEventCodec((Akka.Actor.ExtendedActorSystem)system, config.GetString("akka.persistence.journal.sql.tag-separator", ";")),
            config.GetTimeSpan("akka.persistence.query.journal.sql.refresh-interval", TimeSpan.FromMilliseconds(100)));
    }

    public Source<EventEnvelope, NotUsed> Events(string tag, long after, bool live) =>
        TagStart.Resolved(this, tag, after, from => live
            ? LiveTagRead.Events(this, () => JournalTail.Of(system, () => new SqliteJournalTailSource(connectionString), codec, refresh), tag, from)
            : CurrentTagRead.Events(this, Highest, tag, from));

    /// <summary>The highest ordering committed.</summary>
    public long Highest() => Highest(connectionString);

    /// <summary>The highest ordering committed in the journal at <paramref name="connectionString"/>.</summary>
    public static long Highest(string connectionString)
    {
        using var connection = Open(connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(ordering) FROM journal";
        return command.ExecuteScalar() is long highest ? highest : 0;
    }

    /// <summary>A page of the tag's events after <paramref name="from"/>, and the ordering the next page starts after.</summary>
    public (IReadOnlyList<EventEnvelope> Page, long Scanned) Read(string tag, long from, long until)
    {
        using var connection = Open(connectionString);
        return JournalTagIndex.Read(connection, codec, tag, from, until);
    }

    public long BeforeNewest(string tag)
    {
        using var connection = Open(connectionString);
        return JournalTagIndex.BeforeNewest(connection, tag, JournalProvider.Sqlite);
    }

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}
