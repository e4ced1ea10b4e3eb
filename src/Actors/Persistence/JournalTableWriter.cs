using LeverageActors.Messages;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// Writes events straight into a SQLite journal table of the plugin's layout, with the serializer
/// and the Csv tags the entity actors use: journals built offline (simulations, benchmarks, a
/// crash reproduced exactly in a test) that a node recovers from and the audit replays.
/// Never for a journal a node is writing to.
/// </summary>
public static class JournalTableWriter
{
    public static void Write(string path, IEnumerable<(string PersistenceId, ILeverageEvent Event)> events)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE IF NOT EXISTS journal (
                  ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
                  persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
                  tags NVarChar(100) NULL, manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL);
                CREATE UNIQUE INDEX IF NOT EXISTS journal_pid_seq ON journal (persistence_id, sequence_number);
                """;
            create.ExecuteNonQuery();
        }

        var sequences = new Dictionary<string, long>();
        var markets = new Dictionary<string, string>();
        foreach (var batch in events.Chunk(1000))
        {
            using var transaction = db.BeginTransaction();
            using var insert = db.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier) " +
                                 "VALUES (0, 0, $p, $s, $m, $t, $f, $i)";
            var pid = insert.Parameters.Add("$p", SqliteType.Text);
            var seq = insert.Parameters.Add("$s", SqliteType.Integer);
            var message = insert.Parameters.Add("$m", SqliteType.Blob);
            var tags = insert.Parameters.Add("$t", SqliteType.Text);
            var manifest = insert.Parameters.Add("$f", SqliteType.Text);
            insert.Parameters.AddWithValue("$i", LeverageSerializer.Id);
            foreach (var (persistenceId, evt) in batch)
            {
                if (evt is PositionOpenRequested opened)
                    markets[persistenceId] = opened.Market.Value;
                pid.Value = persistenceId;
                seq.Value = sequences[persistenceId] = sequences.GetValueOrDefault(persistenceId) + 1;
                message.Value = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(evt, evt.GetType(), LeverageJson.Options);
                tags.Value = TagsOf(persistenceId, evt, markets.GetValueOrDefault(persistenceId));
                manifest.Value = MessageManifests.ByType[evt.GetType()];
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>The Csv tags the entity actors write: kind, market, and breach or liquidation.</summary>
    private static string TagsOf(string persistenceId, ILeverageEvent evt, string? positionMarket)
    {
        var kind = persistenceId[..persistenceId.IndexOf('-')];
        var market = evt switch
        {
            IPoolEvent e => e.Market.Value,
            IOracleEvent e => e.Market.Value,
            IPositionEvent => positionMarket,
            _ => null,
        };
        var extra = evt switch
        {
            PositionBreached => ";breach",
            LiquidationStarted or PositionLiquidated => ";liquidation",
            _ => "",
        };
        return market is null ? $";{kind};" : $";{kind};market:{market}{extra};";
    }
}
