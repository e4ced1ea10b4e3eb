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
/// polls the table for). A current query ends at the highest ordering it saw when it began; a live
/// one is a <see cref="LiveTagRead"/>: it joins the node's <see cref="SqliteJournalTail"/>, reads
/// the table up to where the tail stood, then takes the tail's events.
/// </summary>
internal sealed class SqliteTagQuery(Akka.Actor.ActorSystem system, string connectionString, StoredEventCodec codec, TimeSpan refresh)
{
    public const int Page = 500;

    private const string Columns = "ordering, persistence_id, sequence_number, message, tags, manifest, identifier, created, writer_uuid";

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
        live
            ? Source.UnfoldResourceAsync(
                () => Task.FromResult(new LiveTagRead(this, SqliteJournalTail.Of(system, connectionString, codec, refresh), tag, after)),
                read => read.Next(),
                read => read.Close()).SelectMany(page => page)
            : Source.UnfoldAsync((From: after, Until: -1L), async state =>
            {
                var until = state.Until == -1 ? await Task.Run(() => Highest()) : state.Until;
                if (state.From >= until)
                    return Akka.Util.Option<((long, long), IReadOnlyList<EventEnvelope>)>.None;
                var (page, scanned) = await Task.Run(() => Read(tag, state.From, until));
                return ((scanned, until), page);
            }).SelectMany(page => page);

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
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {Columns} FROM journal WHERE ordering > $from AND ordering <= $until AND instr(tags, $tag) > 0 ORDER BY ordering LIMIT $page";
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$until", until);
        // Exactly the tag, as the tail matches it: LIKE would ignore case and read '_' as any character.
        command.Parameters.AddWithValue("$tag", $";{tag};");
        command.Parameters.AddWithValue("$page", Page);
        var page = new List<EventEnvelope>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = Row(reader);
            page.Add(Envelope(codec, reader.GetInt64(0), row, Tags(row)));
        }

        // A full page may have more behind it; otherwise everything up to the highest ordering was read.
        return (page, page.Count == Page ? ((Sequence)page[^1].Offset).Value : Math.Max(from, until));
    }

    /// <summary>The row selected as the query's columns, ordering first.</summary>
    public static StoredEvent Row(SqliteDataReader reader) =>
        new(reader.GetString(1), reader.GetInt64(2), (byte[])reader.GetValue(3), reader.IsDBNull(4) ? "" : reader.GetString(4),
            reader.IsDBNull(5) ? "" : reader.GetString(5), reader.GetInt32(6), reader.GetInt64(7), reader.IsDBNull(8) ? "" : reader.GetString(8));

    /// <summary>The row's tags, as the journal stores them (<c>;a;b;</c>).</summary>
    public static string[] Tags(StoredEvent row) => row.Tags.Split(';', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The row's event as a follower is handed it, decoded.</summary>
    public static EventEnvelope Envelope(StoredEventCodec codec, long ordering, StoredEvent row, string[] tags) =>
        new(Offset.Sequence(ordering), row.PersistenceId, row.SequenceNr, codec.Decode(row, deleted: false).Payload, row.Created, tags);

    /// <summary>Reads the tail's new rows from the journal with the same columns.</summary>
    public static string NewRows => $"SELECT {Columns} FROM journal WHERE ordering > $position ORDER BY ordering LIMIT $page";

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}
