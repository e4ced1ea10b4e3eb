using Akka.Persistence;
using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// An entity's recovery straight from the PostgreSQL journal: its highest sequence number, then
/// its events in order, each one statement on a pooled connection whose statements stay prepared.
/// </summary>
internal sealed class PostgresJournalReader : IJournalRowReader
{
    private const string Highest = "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $1";

    private static readonly string Events =
        "SELECT " + StoredEventCodec.Columns + " FROM journal " +
        "WHERE persistence_id = $1 AND sequence_number >= $2 AND sequence_number <= $3 ORDER BY sequence_number LIMIT $4";

    private readonly NpgsqlDataSource _source;
    private readonly StoredEventCodec _codec;

    public PostgresJournalReader(string connectionString, StoredEventCodec codec)
    {
        // Two statements, used by every recovery: prepared on each pooled connection after their second use.
        _source = new NpgsqlDataSourceBuilder(connectionString)
        {
            ConnectionStringBuilder = { MaxAutoPrepare = 4, AutoPrepareMinUsages = 2 },
        }.Build();
        _codec = codec;
    }

    public async Task<long> HighestSequenceNr(string persistenceId, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(Highest);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        return await command.ExecuteScalarAsync(cancellationToken) is long highest ? highest : 0;
    }

    public async Task Replay(string persistenceId, long from, long to, long max, Action<IPersistentRepresentation> callback)
    {
        if (max <= 0)
            return;
        await using var command = _source.CreateCommand(Events);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = to });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = max });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            callback(_codec.Decode(reader, persistenceId));
        }
    }

    public void Dispose() => _source.Dispose();
}
