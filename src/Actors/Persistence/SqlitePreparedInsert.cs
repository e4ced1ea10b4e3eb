using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>The journal insert, prepared once and bound per row: the node's writer and the offline writer alike.</summary>
internal sealed class SqlitePreparedInsert : IDisposable
{
    private const string Insert =
        "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) " +
        "VALUES ($created, 0, $pid, $seq, $message, $tags, $manifest, $identifier, $writer)";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _command;
    private readonly SqliteParameter _created;
    private readonly SqliteParameter _pid;
    private readonly SqliteParameter _seq;
    private readonly SqliteParameter _message;
    private readonly SqliteParameter _tags;
    private readonly SqliteParameter _manifest;
    private readonly SqliteParameter _identifier;
    private readonly SqliteParameter _writer;

    public SqlitePreparedInsert(SqliteConnection connection)
    {
        _connection = connection;
        // The tag index's trigger makes each insert a statement of several rows, which SQLite backs
        // with a statement journal; in a temporary file that cost the journal path 2.5 times its CPU
        // per event (docs/BENCHMARKS.md, "Tags read from an index"). In memory it is a few pages.
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA temp_store=MEMORY;";
            pragma.ExecuteNonQuery();
        }

        _command = connection.CreateCommand();
        _command.CommandText = Insert;
        _created = _command.Parameters.Add("$created", SqliteType.Integer);
        _pid = _command.Parameters.Add("$pid", SqliteType.Text);
        _seq = _command.Parameters.Add("$seq", SqliteType.Integer);
        _message = _command.Parameters.Add("$message", SqliteType.Blob);
        _tags = _command.Parameters.Add("$tags", SqliteType.Text);
        _manifest = _command.Parameters.Add("$manifest", SqliteType.Text);
        _identifier = _command.Parameters.Add("$identifier", SqliteType.Integer);
        _writer = _command.Parameters.Add("$writer", SqliteType.Text);
    }

    public void InOneTransaction(IEnumerable<StoredEvent> rows)
    {
        using var transaction = _connection.BeginTransaction();
        _command.Transaction = transaction;
        foreach (var row in rows)
        {
            _created.Value = row.Created;
            _pid.Value = row.PersistenceId;
            _seq.Value = row.SequenceNr;
            _message.Value = row.Message;
            _tags.Value = row.Tags;
            _manifest.Value = row.Manifest;
            _identifier.Value = row.Identifier;
            _writer.Value = row.WriterUuid;
            // A row the table's conflict clause dropped is an event the entity acts on and the journal lacks.
            if (_command.ExecuteNonQuery() < 1)
                throw new InvalidOperationException($"the journal did not take {row.PersistenceId} #{row.SequenceNr}: its table drops conflicting rows");
        }

        transaction.Commit();
    }

    public void Dispose() => _command.Dispose();
}
