using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The journal's writes into SQLite, on one connection and one thread, with one prepared insert:
/// every write that arrives while a transaction commits goes into the next transaction together
/// (group commit across entities). A transaction that fails is rolled back and its writes are
/// tried again one transaction each, so only the write that cannot go in (a sequence number
/// already taken, by a second incarnation of the same entity) fails. The plugin's path built a
/// linq2db connection, mapping schema and SQL text per batch and per row: most of the CPU and
/// almost half the allocations of an open (docs/BENCHMARKS.md).
/// </summary>
public sealed class SqliteJournalWriter : IDisposable
{
    private const string Insert =
        "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) " +
        "VALUES ($created, 0, $pid, $seq, $message, $tags, $manifest, $identifier, $writer)";

    /// <summary>Rows in one transaction at most: a burst is written in several rather than one long lock.</summary>
    private const int MaxRows = 5_000;

    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly Task _loop;

    public SqliteJournalWriter(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            pragma.ExecuteNonQuery();
        }

        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>One atomic write: all its rows commit together or none does.</summary>
    public Task Write(IReadOnlyList<StoredEvent> rows)
    {
        var write = new PendingWrite(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(write))
            write.Done.SetException(new InvalidOperationException("The journal writer has stopped"));
        return write.Done.Task;
    }

    private void Run()
    {
        using var insert = new PreparedInsert(_connection);
        var batch = new List<PendingWrite>();
        while (_pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            var rows = 0;
            while (rows < MaxRows && _pending.Reader.TryRead(out var write))
            {
                batch.Add(write);
                rows += write.Rows.Count;
            }

            Commit(insert, batch);
            batch.Clear();
        }
    }

    private void Commit(PreparedInsert insert, List<PendingWrite> batch)
    {
        try
        {
            insert.InOneTransaction(batch.SelectMany(w => w.Rows));
            foreach (var write in batch)
                write.Done.SetResult();
            return;
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One write spoiled the transaction for all: each again on its own.
        }
        catch (Exception e)
        {
            batch[0].Done.SetException(e);
            return;
        }

        foreach (var write in batch)
        {
            try
            {
                insert.InOneTransaction(write.Rows);
                write.Done.SetResult();
            }
            catch (Exception e)
            {
                write.Done.SetException(e);
            }
        }
    }

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _loop.Wait(TimeSpan.FromSeconds(30));
        _connection.Dispose();
    }

    private sealed record PendingWrite(IReadOnlyList<StoredEvent> Rows, TaskCompletionSource Done);

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
