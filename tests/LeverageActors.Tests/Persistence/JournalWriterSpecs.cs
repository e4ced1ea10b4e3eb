using System.Data.Common;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;
using Npgsql;

namespace LeverageActors.Tests.Persistence;

/// <summary>
/// The journal's own writer, on either engine: many entities' writes go into one transaction, and
/// a write that cannot go in (its sequence number is taken) fails alone, never the others it
/// shared the transaction with; an entity's events take their orderings in sequence order.
/// </summary>
public abstract class JournalWriterSpecs(TestDatabases databases, Func<string, IJournalRowWriter> writerOn)
{
    [Fact]
    public async Task A_taken_sequence_number_fails_only_its_own_write_among_many_in_flight()
    {
        using var database = WithOneAccount();
        using var writer = writerOn(database.ConnectionString);

        var writes = Enumerable.Range(0, 200).Select(i => writer.Write([Row($"account-{i}", 1), Row($"account-{i}", 2)])).ToList();
        var duplicate = writer.Write([Row("account-taken", 2), Row("account-taken", 1)]);
        writes.AddRange(Enumerable.Range(200, 200).Select(i => writer.Write([Row($"account-{i}", 1)])));

        await Assert.ThrowsAnyAsync<DbException>(() => duplicate);
        await Task.WhenAll(writes);
        Assert.Equal(200 * 2 + 200 + 1L, await Count(database, "SELECT COUNT(*) FROM journal"));
        // All of the failed write or nothing: its first row did not stay.
        Assert.Equal(1L, await Count(database, "SELECT COUNT(*) FROM journal WHERE persistence_id = 'account-taken'"));
        Assert.Equal(0L, await Count(database, OrderingsAgainstSequence));
    }

    [Fact]
    public async Task A_large_write_with_a_taken_sequence_number_fails_whole_and_alone()
    {
        using var database = WithOneAccount();
        using var writer = writerOn(database.ConnectionString);

        var large = writer.Write(Enumerable.Range(1, 100).Select(s => Row("account-taken", s)).ToList());
        var others = Enumerable.Range(0, 50).Select(i => writer.Write(Enumerable.Range(1, 30).Select(s => Row($"account-{i}", s)).ToList())).ToList();

        await Assert.ThrowsAnyAsync<DbException>(() => large);
        await Task.WhenAll(others);
        Assert.Equal(50 * 30 + 1L, await Count(database, "SELECT COUNT(*) FROM journal"));
        Assert.Equal(1L, await Count(database, "SELECT COUNT(*) FROM journal WHERE persistence_id = 'account-taken'"));
        Assert.Equal(0L, await Count(database, OrderingsAgainstSequence));
    }

    /// <summary>
    /// A review (read-only, of 965f117): an incarnation whose write failed could have its next write,
    /// already on its way, committed after it, leaving a gap in its stream (or a fork beside another
    /// incarnation's) that a recovery replays as a state nobody decided. Its later writes now fail
    /// untried; a new incarnation (another writer) starting where the journal ends is not held back.
    /// </summary>
    [Fact]
    public async Task After_a_failed_write_the_same_incarnation_s_later_writes_fail_and_a_new_incarnation_s_pass()
    {
        using var database = WithOneAccount();
        using var writer = writerOn(database.ConnectionString);

        var taken = writer.Write([Row("account-taken", 1)]);
        var next = writer.Write([Row("account-taken", 2), Row("account-taken", 3)]);
        var later = writer.Write([Row("account-taken", 4)]);
        var other = writer.Write([Row("account-other", 1)]);

        await Assert.ThrowsAnyAsync<DbException>(() => taken);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => next);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => later);
        await other;
        Assert.Equal(1L, await Count(database, "SELECT COUNT(*) FROM journal WHERE persistence_id = 'account-taken'"));

        await writer.Write([Row("account-taken", 2) with { WriterUuid = "writer-after-recovery" }]);
        Assert.Equal(2L, await Count(database, "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = 'account-taken'"));
    }

    /// <summary>
    /// A review: the table of broken incarnations was cleared whole once it held 10,000, so an
    /// outage failing that many writes forgot an incarnation that had just failed, and its next
    /// write, queued behind them, committed past the gap (its entity's recovery then broke for good).
    /// </summary>
    [Fact]
    public async Task An_incarnation_that_just_failed_stays_broken_however_many_fail_beside_it()
    {
        using var database = WithOneAccount();
        using var writer = writerOn(database.ConnectionString);

        var taken = writer.Write([Row("account-taken", 1)]);
        var beside = Enumerable.Range(0, 10_000).Select(i => writer.Write([Row("account-taken", 1) with { WriterUuid = $"writer-{i}" }])).ToList();
        var next = writer.Write([Row("account-taken", 2)]);

        await Assert.ThrowsAnyAsync<DbException>(() => taken);
        foreach (var failed in beside)
            await Assert.ThrowsAnyAsync<DbException>(() => failed);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => next);
        Assert.Equal(1L, await Count(database, "SELECT COUNT(*) FROM journal WHERE persistence_id = 'account-taken'"));
    }

    /// <summary>Pairs of one entity's rows whose orderings run against their sequence numbers.</summary>
    private const string OrderingsAgainstSequence =
        "SELECT COUNT(*) FROM journal a JOIN journal b ON a.persistence_id = b.persistence_id " +
        "AND a.sequence_number < b.sequence_number AND a.ordering > b.ordering";

    /// <summary>The table as a node creates it, with account-taken's first event already there.</summary>
    private TestDatabase WithOneAccount()
    {
        var database = databases.Durable();
        JournalTableWriter.Write(database.Journal, [("account-taken", new AccountOpened(AccountId.From("taken"), RequestId.From("r"), DateTimeOffset.UnixEpoch))]);
        return database;
    }

    private protected static StoredEvent Row(string persistenceId, long sequence) =>
        new(persistenceId, sequence, [1, 2, 3], ";account;", "manifest", 999, 1, "writer");

    private protected static async Task<long> Count(TestDatabase database, string sql) => Convert.ToInt64(await database.ScalarAsync(sql));
}

public sealed class SqliteJournalWriterSpecs() : JournalWriterSpecs(TestDatabases.Sqlite, c => new SqliteJournalWriter(c));

[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalWriterSpecs(PostgresFixture postgres)
    : JournalWriterSpecs(postgres.Databases, c => new PostgresJournalWriter(c, copyAbove: 20))
{
    /// <summary>
    /// Followers pass a write in flight after the gap limit; one that committed after that would land
    /// below them. A statement held past its limit (here behind a table lock) is cancelled by the
    /// server, the small insert and the large COPY alike, and none of its rows is ever written.
    /// </summary>
    [Fact]
    public async Task A_write_held_past_its_limit_is_cancelled_and_never_commits()
    {
        using var database = postgres.Databases.Durable();
        JournalTableWriter.Write(database.Journal, [("account-taken", new AccountOpened(AccountId.From("taken"), RequestId.From("r"), DateTimeOffset.UnixEpoch))]);
        using var writer = new PostgresJournalWriter(database.ConnectionString, copyAbove: 20, statementLimit: TimeSpan.FromSeconds(2));
        // Its connection opened and its insert prepared before the lock: what is held below is the write itself.
        await writer.Write([Row("account-before", 1)]).WaitAsync(TimeSpan.FromSeconds(30));
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE journal IN SHARE MODE", holder, hold))
            await lockTable.ExecuteNonQueryAsync();

        foreach (var rows in new[] { 1, 30 })
        {
            var held = writer.Write(Enumerable.Range(1, rows).Select(s => Row($"account-{rows}", s)).ToList());
            var cancelled = await Assert.ThrowsAsync<PostgresException>(() => held.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(PostgresErrorCodes.QueryCanceled, cancelled.SqlState);
        }

        await hold.RollbackAsync();
        Assert.Equal(2L, await Count(database, "SELECT COUNT(*) FROM journal"));
        // The writer goes on once nothing holds it.
        await writer.Write([Row("account-after", 1)]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3L, await Count(database, "SELECT COUNT(*) FROM journal"));
    }
}
