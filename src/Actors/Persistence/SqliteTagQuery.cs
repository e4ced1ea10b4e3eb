using Akka;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// A tag's events straight from the SQLite journal, for the node's journal followers (risk
/// indexes, liquidators, watchers), in pages up to the highest ordering committed when the page
/// is asked. SQLite has one writer, so rows commit in ordering order: every row up to that
/// highest ordering is visible, and no gap can fill in later (what the plugin's sequence actor
/// polls the table for). A live query asks again every <paramref name="refresh"/> once it has
/// read everything; a current one ends at the highest ordering it saw when it began.
/// </summary>
internal sealed class SqliteTagQuery(string connectionString, StoredEventCodec codec, TimeSpan refresh)
{
    private const int Page = 500;

    /// <summary>The node's direct tag query, when its journal is <see cref="SqliteJournal"/>'s SQLite; otherwise null.</summary>
    public static SqliteTagQuery? For(Akka.Actor.ActorSystem system)
    {
        var setup = system.Settings.Setup.Get<SqliteJournalSetup>();
        if (!setup.HasValue)
            return null;
        var config = system.Settings.Config;
        return new SqliteTagQuery(setup.Value.ConnectionString,
            new StoredEventCodec((Akka.Actor.ExtendedActorSystem)system, config.GetString("akka.persistence.journal.sql.tag-separator", ";")),
            config.GetTimeSpan("akka.persistence.query.journal.sql.refresh-interval", TimeSpan.FromMilliseconds(100)));
    }

    public Source<EventEnvelope, NotUsed> Events(string tag, long after, bool live) =>
        Source.UnfoldAsync((From: after, Until: live ? long.MaxValue : -1L), async state =>
        {
            var until = state.Until == -1 ? await Task.Run(Highest) : state.Until;
            if (!live && state.From >= until)
                return Akka.Util.Option<((long, long), IReadOnlyList<EventEnvelope>)>.None;
            var (page, scanned) = await Task.Run(() => Read(tag, state.From, live ? Highest() : until));
            if (live && page.Count < Page)
                await Task.Delay(refresh);
            return ((scanned, live ? long.MaxValue : until), page);
        }).SelectMany(page => page);

    private long Highest()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(ordering) FROM journal";
        return command.ExecuteScalar() is long highest ? highest : 0;
    }

    /// <summary>A page of the tag's events after <paramref name="from"/>, and the ordering the next page starts after.</summary>
    private (IReadOnlyList<EventEnvelope> Page, long Scanned) Read(string tag, long from, long until)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT ordering, persistence_id, sequence_number, message, tags, manifest, identifier, created, writer_uuid FROM journal " +
            "WHERE ordering > $from AND ordering <= $until AND tags LIKE $tag ORDER BY ordering LIMIT $page";
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$until", until);
        command.Parameters.AddWithValue("$tag", $"%;{tag};%");
        command.Parameters.AddWithValue("$page", Page);
        var page = new List<EventEnvelope>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var tags = reader.IsDBNull(4) ? "" : reader.GetString(4);
            var row = new StoredEvent(reader.GetString(1), reader.GetInt64(2), (byte[])reader.GetValue(3), tags,
                reader.IsDBNull(5) ? "" : reader.GetString(5), reader.GetInt32(6), reader.GetInt64(7), reader.IsDBNull(8) ? "" : reader.GetString(8));
            var ordering = reader.GetInt64(0);
            page.Add(new EventEnvelope(Offset.Sequence(ordering), row.PersistenceId, row.SequenceNr, codec.Decode(row, deleted: false).Payload,
                row.Created, tags.Split(';', StringSplitOptions.RemoveEmptyEntries)));
        }

        // A full page may have more behind it; otherwise everything up to the highest ordering was read.
        return (page, page.Count == Page ? ((Sequence)page[^1].Offset).Value : Math.Max(from, until));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}
