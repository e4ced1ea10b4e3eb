using System.Data.Common;
using Akka.Persistence.Query;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// Journal rows as the node's followers read them, whichever engine holds the table: selected as
/// <see cref="Columns"/> (ordering first), decoded into the envelope a follower is handed.
/// </summary>
internal static class JournalRows
{
    /// <summary>The columns <see cref="Row"/> reads, in its order.</summary>
    public const string Columns = "ordering, persistence_id, sequence_number, message, tags, manifest, identifier, created, writer_uuid";

    /// <summary>The row selected as <see cref="Columns"/>.</summary>
    public static StoredEvent Row(DbDataReader reader) =>
        new(reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3), reader.IsDBNull(4) ? "" : reader.GetString(4),
            reader.IsDBNull(5) ? "" : reader.GetString(5), reader.IsDBNull(6) ? 0 : reader.GetInt32(6), reader.GetInt64(7),
            reader.IsDBNull(8) ? "" : reader.GetString(8));

    /// <summary>The row's tags, as the journal stores them (<c>;a;b;</c>).</summary>
    public static string[] Tags(StoredEvent row) => row.Tags.Split(';', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The row's event as a follower is handed it, decoded; <see cref="UnreadableJournalRow"/> where it cannot be.</summary>
    public static EventEnvelope Envelope(StoredEventCodec codec, long ordering, StoredEvent row, string[] tags)
    {
        object payload;
        try
        {
            payload = codec.Decode(row, deleted: false).Payload;
        }
        catch (Exception e)
        {
            throw new UnreadableJournalRow(ordering, row.PersistenceId, e);
        }

        return new(Offset.Sequence(ordering), row.PersistenceId, row.SequenceNr, payload, row.Created, tags);
    }

    /// <summary>
    /// A page of <paramref name="tag"/>'s events after <paramref name="from"/> up to
    /// <paramref name="until"/>, and the ordering the next page starts after.
    /// <paramref name="contains"/> is the engine's SQL for "tags holds @tag as a substring": the tag
    /// matches exactly, where LIKE would ignore case and read '_' as any character.
    /// </summary>
    public static (IReadOnlyList<EventEnvelope> Page, long Scanned) ReadTag(
        DbConnection connection, string contains, StoredEventCodec codec, string tag, long from, long until)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {Columns} FROM journal WHERE ordering > @from AND ordering <= @until AND {contains} ORDER BY ordering LIMIT @page";
        Add(command, "tag", $";{tag};");
        return ReadPage(command, codec, tag, from, until);
    }

    /// <summary>
    /// The page <paramref name="command"/> selects (<see cref="Columns"/>, at most a page of rows
    /// after <paramref name="from"/> up to <paramref name="until"/>, bound here as @from, @until and
    /// @page), decoded, and the ordering the next page starts after. A selected ordering whose row
    /// is missing (its other columns null) or does not carry <paramref name="tag"/> is passed over
    /// but counts toward the page, so a page cut short by such orderings never ends the reading early.
    /// </summary>
    public static (IReadOnlyList<EventEnvelope> Page, long Scanned) ReadPage(DbCommand command, StoredEventCodec codec, string tag, long from, long until)
    {
        Add(command, "from", from);
        Add(command, "until", until);
        Add(command, "page", IJournalTagTable.Page);
        var page = new List<EventEnvelope>();
        var selected = 0;
        var last = from;
        using (var reader = command.ExecuteReader())
            while (reader.Read())
            {
                var ordering = reader.GetInt64(0);
                if (reader.IsDBNull(1))
                {
                    (selected, last) = (selected + 1, ordering);
                    continue;
                }

                var row = Row(reader);
                var tags = Tags(row);
                if (Array.IndexOf(tags, tag) >= 0)
                    try
                    {
                        page.Add(Envelope(codec, ordering, row, tags));
                    }
                    catch (UnreadableJournalRow) when (page.Count > 0)
                    {
                        // The rows before it are handed on; the next page starts at it, and fails there.
                        return (page, last);
                    }

                (selected, last) = (selected + 1, ordering);
            }

        // A full page may have more behind it; otherwise everything up to the highest ordering was read.
        return (page, selected == IJournalTagTable.Page ? last : Math.Max(from, until));
    }

    /// <summary>Up to <paramref name="page"/> rows after <paramref name="position"/>, in ordering order, as far as the statement sees.</summary>
    public static List<(long Ordering, StoredEvent Row)> ReadAfter(DbConnection connection, long position, int page)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM journal WHERE ordering > @position ORDER BY ordering LIMIT @page";
        Add(command, "position", position);
        Add(command, "page", page);
        var rows = new List<(long, StoredEvent)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add((reader.GetInt64(0), Row(reader)));
        return rows;
    }

    public static void Add<T>(DbCommand command, string name, T value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
