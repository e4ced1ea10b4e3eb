using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Akka.Actor;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeverageActors.Tests.Scenarios;

/// <summary>
/// A node's oracle recovers from its last checkpoint's snapshot, not from every report since the
/// market opened, and goes on exactly where it stopped: same price, same numbers, a chain the audit
/// finds whole. A snapshot edited in the database is refused; the oracle then replays its journal.
/// </summary>
public abstract class OracleSnapshotStory(TestDatabases databases)
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private const int Every = 20;

    private static readonly MarketCatalog Markets = new(MarketCatalog.Default.Markets,
        MarketCatalog.Default.Markets.Keys.ToDictionary(m => m, _ => OracleParameters.Default with { CheckpointEvery = Every }));

    private static readonly NodeOptions Options = new() { Markets = Markets };

    [Fact]
    public async Task A_node_recovers_its_oracle_from_the_last_checkpoint_and_goes_on_from_it()
    {
        using var database = databases.Durable();
        var before = await Priced(database, prices: 12);
        var snapshot = await Snapshot(database);
        // Three checkpoints or more were written; only the latest snapshot is kept.
        Assert.Equal(1, await SnapshotRows(database));

        await using (var node = await TestNode.StartAsync(database, Options))
        {
            var after = await Price(node);
            Assert.Equal((before.Price, before.Sequence, before.PriceAt), (after.Price, after.Sequence, after.PriceAt));
            var metrics = await PrometheusScrape.Of(node.Http);
            Assert.Equal(1, metrics.Sum("leverage_entity_recoveries_total", ("entity", "oracle"), ("from", "snapshot")));
            // Replayed: what came after the snapshot, fewer than a checkpoint's span, not the 70-odd events before.
            Assert.InRange(metrics.Sum("leverage_entity_recovery_events_total", ("entity", "oracle"), ("from", "snapshot")), 1, Every + 4);
            Assert.Equal(0, metrics.Sum("leverage_entity_snapshots_refused_total"));

            await Report(node, 2_100m);
            Assert.True((await Price(node)).Sequence > after.Sequence);
        }

        Assert.True(snapshot.Sequence > Every, $"the snapshot at {snapshot.Sequence}");
        AssertAudited(database);
    }

    /// <summary>A state no event made, a chain link that is not the journal's, and bytes no serializer reads.</summary>
    public static TheoryData<string> Edits => ["price", "chain", "unreadable"];

    private static string Edited(string text, string edit) => edit switch
    {
        "price" => Regex.Replace(text, "\"price\":[0-9.]+", "\"price\":99999"),
        "chain" => Regex.Replace(text, "\"chainHead\":\"[0-9a-f]{64}\"", "\"chainHead\":\"" + new string('7', 64) + "\""),
        _ => "{\"market\":",
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task A_snapshot_edited_in_the_database_is_refused_the_oracle_replays_its_journal_and_saves_it_again(string edit)
    {
        using var database = databases.Durable();
        var before = await Priced(database, prices: 12);
        var snapshot = await Snapshot(database);
        var text = Encoding.UTF8.GetString(snapshot.Bytes);
        var edited = Edited(text, edit);
        Assert.NotEqual(text, edited);
        Edit(database, snapshot.Sequence, Encoding.UTF8.GetBytes(edited));

        await using (var node = await TestNode.StartAsync(database, Options))
        {
            // The first recovery finds the snapshot refused and stops the oracle; the next one replays its journal.
            OraclePriceResponse? after = null;
            await Eventually.Holds("the oracle answers", async () =>
            {
                after = await node.Oracles.Ask<object>(new GetOraclePrice(Eth, DateTimeOffset.UtcNow), TimeSpan.FromSeconds(2))
                    .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result as OraclePriceResponse : null);
                return after is not null;
            });

            Assert.Equal((before.Price, before.Sequence), (after!.Price, after.Sequence));
            var metrics = await PrometheusScrape.Of(node.Http);
            Assert.Equal(1, metrics.Sum("leverage_entity_snapshots_refused_total", ("entity", "oracle")));
            Assert.Equal(0, metrics.Sum("leverage_entity_recoveries_total", ("entity", "oracle"), ("from", "snapshot")));
            Assert.True(metrics.Sum("leverage_entity_recovery_events_total", ("entity", "oracle"), ("from", "journal")) > snapshot.Sequence);
            // The replay passed the checkpoint and saved its snapshot again, from the journal.
            await Eventually.Holds("the snapshot is saved again", async () => !(await Snapshot(database)).Bytes.SequenceEqual(Encoding.UTF8.GetBytes(edited)));
        }

        await using (var node = await TestNode.StartAsync(database, Options))
        {
            Assert.Equal((before.Price, before.Sequence), ((await Price(node)).Price, (await Price(node)).Sequence));
            var metrics = await PrometheusScrape.Of(node.Http);
            Assert.Equal(1, metrics.Sum("leverage_entity_recoveries_total", ("entity", "oracle"), ("from", "snapshot")));
            Assert.Equal(0, metrics.Sum("leverage_entity_snapshots_refused_total"));
        }

        AssertAudited(database);
    }

    [Fact]
    public async Task The_markets_tag_carries_of_its_oracle_only_the_requirements_and_its_prices_have_a_tag_of_their_own()
    {
        using var database = databases.Durable();
        await Priced(database, prices: 12);

        var rows = JournalSource.For(database.Journal).Rows().Where(r => r.PersistenceId == "oracle-ETH-USD").ToList();
        // A risk index folds its market's tag from the journal's beginning at every start, and reads prices from the newest only.
        Assert.DoesNotContain(rows, r => r.Tags!.Contains(";market:ETH-USD;") && r.Manifest != "OM");
        Assert.Equal(["OA"], rows.Where(r => r.Tags!.Contains(";price:ETH-USD;")).Select(r => r.Manifest).Distinct().ToList());
        Assert.Contains(rows, r => r.Manifest == "OR");
        Assert.Contains(rows, r => r.Manifest == "OCK");
        Assert.All(rows, r => Assert.Contains(";oracle;", r.Tags));
    }

    /// <summary>A node that reports <paramref name="prices"/> prices from every source, then stops; the oracle's last view.</summary>
    private static async Task<OraclePriceResponse> Priced(TestDatabase database, int prices)
    {
        await using var node = await TestNode.StartAsync(database, Options);
        for (var i = 1; i <= prices; i++)
            await Report(node, 2_000m + i);
        var view = await Price(node);
        // Saved, and the older ones deleted, while the node runs: a node stopped between a save and its
        // delete leaves the older row to the next save.
        var last = JournalSource.For(database.Journal).Rows().Last(r => r.PersistenceId == "oracle-ETH-USD" && r.Manifest == "OCK").SequenceNr;
        await Eventually.Holds("the last checkpoint's snapshot is saved and the older ones deleted", async () =>
            (await Snapshot(database)).Sequence == last - 1 && await SnapshotRows(database) == 1);
        return view;
    }

    private static async Task Report(TestNode node, decimal price)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var source in OracleParameters.Default.Sources)
            await node.Oracles.Ask<ReportAnswered>(new ReportPrice(Eth, source, price, now, now), TestNode.Timeout);
    }

    private static Task<OraclePriceResponse> Price(TestNode node) =>
        node.Oracles.Ask<OraclePriceResponse>(new GetOraclePrice(Eth, DateTimeOffset.UtcNow), TestNode.Timeout);

    private sealed record StoredSnapshot(long Sequence, byte[] Bytes);

    /// <summary>The oracle's latest snapshot row; sequence 0 when none.</summary>
    private static async Task<StoredSnapshot> Snapshot(TestDatabase database)
    {
        await using var connection = Open(database);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence_number, snapshot FROM snapshot WHERE persistence_id = 'oracle-ETH-USD' ORDER BY sequence_number DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new StoredSnapshot(reader.GetInt64(0), (byte[])reader[1]) : new StoredSnapshot(0, []);
    }

    private static async Task<long> SnapshotRows(TestDatabase database)
    {
        await using var connection = Open(database);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM snapshot WHERE persistence_id = 'oracle-ETH-USD'";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static void Edit(TestDatabase database, long sequence, byte[] bytes)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE snapshot SET snapshot = @bytes WHERE persistence_id = 'oracle-ETH-USD' AND sequence_number = @sequence";
        command.Parameters.Add(Parameter(command, "bytes", bytes));
        command.Parameters.Add(Parameter(command, "sequence", sequence));
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }

    private static DbConnection Open(TestDatabase database)
    {
        DbConnection connection = database.Provider == JournalProvider.Postgres
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection($"Data Source={database.FilePath};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>Every invariant holds, every checkpoint hashes the replayed state, and every chain is whole across the restarts.</summary>
    private static void AssertAudited(TestDatabase database)
    {
        var audit = new AuditLedger(Markets);
        var chains = new JournalChains();
        foreach (var row in JournalSource.For(database.Journal).Rows())
        {
            audit.Read(row);
            chains.Read(row);
        }

        audit.Finish();
        Assert.Empty(audit.Violations);
        Assert.Empty(chains.Breaks);
        Assert.Equal(0, chains.Unchained);
    }
}

public sealed class OracleSnapshotOnSqlite() : OracleSnapshotStory(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class OracleSnapshotOnPostgres(PostgresFixture postgres) : OracleSnapshotStory(postgres.Databases);
