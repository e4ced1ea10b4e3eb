using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The journal's writes into SQLite, on one connection and one thread, with one prepared insert,
/// in transactions shared by many entities' writes (<see cref="GroupCommit"/>). The plugin's path
/// built a linq2db connection, mapping schema and SQL text per batch and per row: most of the CPU
/// and almost half the allocations of an open (docs/BENCHMARKS.md).
/// </summary>
public sealed class SqliteJournalWriter : IJournalRowWriter
{
    private const string Insert =
        "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) " +
        "VALUES ($created, 0, $pid, $seq, $message, $tags, $manifest, $identifier, $writer)";

    private readonly SqliteConnection _connection;
    private readonly PreparedInsert _insert;
    private readonly GroupCommit _commits;

    public SqliteJournalWriter(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            pragma.ExecuteNonQuery();
        }

        _insert = new PreparedInsert(_connection);
        _commits = new GroupCommit(_insert.InOneTransaction);
    }

    /// <summary>One atomic write: all its rows commit together or none does.</summary>
    public Task Write(IReadOnlyList<StoredEvent> rows) => _commits.Write(rows);

    public void Dispose()
    {
        _commits.Dispose();
        _insert.Dispose();
        _connection.Dispose();
    }

    /// <summary>The insert, prepared once and bound per row.</summary>
    private sealed class PreparedInsert : IDisposable
    {
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

        public PreparedInsert(SqliteConnection connection)
        {
            _connection = connection;
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
                _command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        public void Dispose() => _command.Dispose();
    }
}
