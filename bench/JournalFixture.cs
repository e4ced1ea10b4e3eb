using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Bench;

/// <summary>Journals made by the in-process exchange and written in the plugin's table layout.</summary>
public static class JournalFixture
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly MarketId Eth = MarketId.From("ETH-USD");

    /// <summary><paramref name="open"/> positions left open, <paramref name="closed"/> opened and closed.</summary>
    public static InProcessExchange Trading(int open, int closed)
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        var lp = AccountId.From("lp");
        x.Send(new OpenAccount(lp, RequestId.New(), T0));
        x.Send(new DepositFunds(lp, RequestId.New(), 1_000_000_000m, T0));
        x.Send(new ProvideLiquidity(lp, RequestId.New(), Eth, 1_000_000_000m, 2_000m, T0));
        for (var i = 0; i < open + closed; i++)
        {
            var trader = AccountId.From($"t{i % 1000}");
            var at = T0.AddSeconds(i);
            if (i < 1000)
            {
                x.Send(new OpenAccount(trader, RequestId.New(), at));
                x.Send(new DepositFunds(trader, RequestId.New(), 1_000_000m, at));
            }

            var position = PositionId.From($"p{i}");
            x.Send(new OpenPosition(position, trader, RequestId.New(), Eth, i % 2 == 0 ? PositionSide.Long : PositionSide.Short,
                100m, 10m, 2_000m, at));
            if (i >= open)
                x.Send(new ClosePosition(position, trader, RequestId.New(), 2_000m + i % 37, at.AddSeconds(1)));
        }

        return x;
    }

    public static void Write(string path, IEnumerable<(string PersistenceId, ILeverageEvent Event)> events)
    {
        using var db = new SqliteConnection($"Data Source={path}");
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
        foreach (var batch in events.Chunk(1000))
        {
            using var transaction = db.BeginTransaction();
            using var insert = db.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier) VALUES (0, 0, $p, $s, $m, $t, $f, $i)";
            var pid = insert.Parameters.Add("$p", SqliteType.Text);
            var seq = insert.Parameters.Add("$s", SqliteType.Integer);
            var message = insert.Parameters.Add("$m", SqliteType.Blob);
            var tags = insert.Parameters.Add("$t", SqliteType.Text);
            var manifest = insert.Parameters.Add("$f", SqliteType.Text);
            insert.Parameters.AddWithValue("$i", LeverageSerializer.Id);
            foreach (var (persistenceId, evt) in batch)
            {
                pid.Value = persistenceId;
                seq.Value = sequences[persistenceId] = sequences.GetValueOrDefault(persistenceId) + 1;
                message.Value = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(evt, evt.GetType(), LeverageJson.Options);
                var kind = persistenceId[..persistenceId.IndexOf('-')];
                tags.Value = kind is "position" or "pool" or "oracle" ? $";{kind};market:ETH-USD;" : $";{kind};";
                manifest.Value = MessageManifests.ByType[evt.GetType()];
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }
}
