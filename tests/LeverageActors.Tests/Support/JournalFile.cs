using LeverageActors.Messages;
using LeverageActors.Messages.Serialization;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Support;

/// <summary>
/// Writes events straight into a journal table of the plugin's layout, tagged as the entities tag
/// them: large journals in seconds, or a journal exactly as a crash would have left it.
/// </summary>
public static class JournalFile
{
    public static void Write(string path, IEnumerable<(string PersistenceId, ILeverageEvent Event)> events)
    {
        using var db = new SqliteConnection($"Data Source={path}");
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS journal (
                  ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
                  persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
                  tags NVarChar(100) NULL, manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL);
                CREATE UNIQUE INDEX IF NOT EXISTS journal_pid_seq ON journal (persistence_id, sequence_number);
                """;
            create.ExecuteNonQuery();
        }

        using var transaction = db.BeginTransaction();
        using var insert = db.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier) VALUES (0, 0, $p, $s, $m, $t, $f, $i)";
        var pid = insert.Parameters.Add("$p", SqliteType.Text);
        var seq = insert.Parameters.Add("$s", SqliteType.Integer);
        var message = insert.Parameters.Add("$m", SqliteType.Blob);
        var manifest = insert.Parameters.Add("$f", SqliteType.Text);
        var tags = insert.Parameters.Add("$t", SqliteType.Text);
        insert.Parameters.AddWithValue("$i", LeverageSerializer.Id);
        var sequences = new Dictionary<string, long>();
        var markets = new Dictionary<string, string>();
        foreach (var (persistenceId, evt) in events)
        {
            pid.Value = persistenceId;
            seq.Value = sequences[persistenceId] = sequences.GetValueOrDefault(persistenceId) + 1;
            message.Value = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(evt, evt.GetType(), LeverageJson.Options);
            manifest.Value = MessageManifests.ByType[evt.GetType()];
            if (evt is Messages.Positions.PositionOpenRequested opened)
                markets[persistenceId] = opened.Market.Value;
            tags.Value = TagsOf(persistenceId, evt, markets.GetValueOrDefault(persistenceId));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The Csv tags the entity actors write: kind, market, and breach or liquidation.</summary>
    private static string TagsOf(string persistenceId, ILeverageEvent evt, string? positionMarket)
    {
        var kind = persistenceId[..persistenceId.IndexOf('-')];
        var market = evt switch
        {
            Messages.Positions.PositionOpenRequested e => e.Market.Value,
            Messages.Pools.IPoolEvent e => e.Market.Value,
            Messages.Oracles.IOracleEvent e => e.Market.Value,
            Messages.Positions.IPositionEvent => positionMarket,
            _ => null,
        };
        var extra = evt switch
        {
            Messages.Positions.PositionBreached => ";breach",
            Messages.Positions.LiquidationStarted or Messages.Positions.PositionLiquidated => ";liquidation",
            _ => "",
        };
        return market is null ? $";{kind};" : $";{kind};market:{market}{extra};";
    }
}
