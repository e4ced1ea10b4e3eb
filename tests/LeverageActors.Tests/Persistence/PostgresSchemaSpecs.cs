using Akka.Actor;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;
using Npgsql;

namespace LeverageActors.Tests.Persistence;

/// <summary>The tables a node creates on PostgreSQL at its first start, and what it asks of its role afterwards.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaSpecs(PostgresFixture postgres)
{
    [Fact]
    public async Task Nodes_starting_together_create_the_tables_once_with_the_journals_unique_key()
    {
        using var database = postgres.NewDatabase();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => PostgresDatabase.Prepare(database.ConnectionString))));

        Assert.Equal("journal", await database.ScalarAsync("SELECT to_regclass('journal')::text"));
        Assert.Equal("snapshot", await database.ScalarAsync("SELECT to_regclass('snapshot')::text"));
        Assert.Equal(1L, await database.ScalarAsync(
            "SELECT COUNT(*) FROM pg_constraint WHERE conname = 'journal_uq' AND contype = 'u'"));
    }

    [Fact]
    public async Task A_node_does_not_start_on_a_journal_whose_unique_key_was_dropped_and_starts_once_it_is_back()
    {
        using var database = postgres.NewDatabase();
        PostgresDatabase.Prepare(database.ConnectionString);
        database.Execute("ALTER TABLE journal DROP CONSTRAINT journal_uq; CREATE INDEX journal_uq ON journal (persistence_id, sequence_number)");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(database));
        var cause = Assert.IsType<InvalidOperationException>(refused.GetBaseException());
        Assert.Contains("no unique key on (persistence_id, sequence_number)", cause.Message);

        database.Execute("DROP INDEX journal_uq; CREATE UNIQUE INDEX journal_uq ON journal (sequence_number, persistence_id)");
        await using var node = await TestNode.StartAsync(database);
        Assert.IsType<AccountCommandAccepted>(await node.Accounts.Ask<object>(
            new OpenAccount(AccountId.From("keyed-again"), RequestId.New(), DateTimeOffset.UnixEpoch), Scenario.Timeout));
    }

    [Fact]
    public async Task Of_nodes_claiming_to_start_the_cluster_at_once_one_claims()
    {
        using var database = postgres.NewDatabase();
        PostgresDatabase.Prepare(database.ConnectionString);
        var table = ClusterMemberTable.For(JournalDatabase.Postgres(database.ConnectionString));
        // A server whose transactions see by default a snapshot taken before the lock was granted: the claim must not
        // (Npgsql begins read committed unless told otherwise; a claim begun by a plain BEGIN would let two through).
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        database.Execute($"ALTER DATABASE \"{name}\" SET default_transaction_isolation = 'repeatable read'");
        NpgsqlConnection.ClearAllPools();

        for (var round = 0; round < 5; round++)
        {
            database.Execute($"DELETE FROM {ClusterMemberTable.Name}");
            Assert.Equal(1, await ClaimRace.Winners(table, nodes: 6));
        }
    }

    [Fact]
    public async Task Once_the_tables_exist_a_role_that_may_not_create_anything_starts_a_node()
    {
        using var database = postgres.NewDatabase();
        PostgresDatabase.Prepare(database.ConnectionString);
        JournalIdentity.ReadOrCreate(new PostgresJournalIdentityTable(database.ConnectionString)); // the first start, as the owner
        var (role, asRole) = NodeRole(database);
        try
        {
            await using (var node = await TestNode.StartAsync(JournalDatabase.Postgres(asRole)))
            {
                var opened = await node.Accounts.Ask<object>(
                    new OpenAccount(AccountId.From("role-test"), RequestId.New(), DateTimeOffset.UnixEpoch), Scenario.Timeout);
                Assert.IsType<AccountCommandAccepted>(opened);
                await Eventually.Holds("the role's node to beat as a live member", async () =>
                    Equals(await database.ScalarAsync($"SELECT COUNT(*) FROM cluster_member WHERE address = '{node.ClusterAddress}'"), 1L));
            }

            // Gone with the node: the role may delete its own row.
            Assert.Equal(0L, await database.ScalarAsync("SELECT COUNT(*) FROM cluster_member"));

            Assert.Equal(1L, await database.ScalarAsync("SELECT COUNT(*) FROM journal WHERE persistence_id = 'account-role-test'"));
            var denied = Assert.Throws<PostgresException>(() => Execute(asRole, "CREATE TABLE probe (x int)"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        }
        finally
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(asRole));
            database.Execute($"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task A_role_that_may_not_create_the_tag_index_starts_a_node_on_a_journal_from_before_it_and_writes_through_the_triggers_once_it_exists()
    {
        using var database = postgres.NewDatabase();
        PostgresDatabase.Prepare(database.ConnectionString);
        JournalIdentity.ReadOrCreate(new PostgresJournalIdentityTable(database.ConnectionString));
        // The journal as a version before the index and the member table left it.
        database.Execute(PostgresTagIndexSpecs.DropIndex + "DROP TABLE cluster_member");
        var (role, asRole) = NodeRole(database);
        try
        {
            await using (var node = await TestNode.StartAsync(JournalDatabase.Postgres(asRole)))
                Assert.IsType<AccountCommandAccepted>(await node.Accounts.Ask<object>(
                    new OpenAccount(AccountId.From("before-index"), RequestId.New(), DateTimeOffset.UnixEpoch), Scenario.Timeout));
            Assert.NotNull(PostgresTagIndex.Pending(database.ConnectionString));

            // The owner's next preparation creates it; the role's writes keep it without any right on it.
            PostgresDatabase.Prepare(database.ConnectionString);
            Execute(asRole, "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags) VALUES (0, false, 'by-role', 1, '\\x00', ';halt;')");

            Assert.Equal(1L, await database.ScalarAsync(
                "SELECT COUNT(*) FROM journal_tag x JOIN journal j ON j.ordering = x.ordering WHERE x.tag = 'halt' AND j.persistence_id = 'by-role'"));
            // Whoever may write the journal may keep the member table the preparation created.
            var members = ClusterMemberTable.For(JournalDatabase.Postgres(asRole));
            members.Beat("akka.tcp://leverage@10.0.0.5:4053", incarnation: 7);
            Assert.Single(members.HeardWithin(TimeSpan.FromSeconds(10), "akka.tcp://leverage@10.0.0.6:4053").Members);
            members.Forget("akka.tcp://leverage@10.0.0.5:4053", incarnation: 7);
            // Whoever may read the journal may read its index; no one else may run its functions, on any table.
            await using (var connection = new NpgsqlConnection(asRole))
            {
                await connection.OpenAsync();
                Assert.True(PostgresTagIndex.Usable(connection));
            }

            var borrowed = Assert.Throws<PostgresException>(() => Execute(asRole,
                "CREATE TEMP TABLE forged (ordering bigint, tags text); " +
                "CREATE TRIGGER forge AFTER INSERT ON forged REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION journal_tag_insert()"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, borrowed.SqlState);
        }
        finally
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(asRole));
            database.Execute($"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [Fact]
    public void A_journal_whose_orderings_may_be_drawn_out_of_order_is_refused()
    {
        using var database = postgres.NewDatabase();
        PostgresDatabase.Prepare(database.ConnectionString);
        // Each connection would take 20 orderings at a time: a write could take a low one after higher ones were read.
        database.Execute("ALTER TABLE journal ALTER COLUMN ordering SET CACHE 20");

        var refused = Assert.Throws<InvalidOperationException>(() => PostgresDatabase.Prepare(database.ConnectionString));

        Assert.Contains("CACHE 1", refused.Message);
        database.Execute("ALTER TABLE journal ALTER COLUMN ordering SET CACHE 1");
        PostgresDatabase.Prepare(database.ConnectionString);
    }

    /// <summary>A role with the rights a node needs once the tables exist and no right to create anything; its name and connection string.</summary>
    private static (string Role, string ConnectionString) NodeRole(TestDatabase database)
    {
        var role = $"app_{Guid.NewGuid():N}";
        database.Execute($"CREATE ROLE {role} LOGIN; REVOKE CREATE ON SCHEMA public FROM PUBLIC; " +
                         $"GRANT SELECT, INSERT, UPDATE ON journal, snapshot TO {role}; GRANT SELECT ON journal_identity TO {role}; " +
                         // A journal from before the member table gets it, granted, at its owner's next start.
                         $"DO $$ BEGIN IF to_regclass('cluster_member') IS NOT NULL THEN GRANT SELECT, INSERT, UPDATE, DELETE ON cluster_member TO {role}; END IF; END $$");
        return (role, new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role }.ToString());
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
