using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Persistence;

/// <summary>
/// The SQLite journal's own writer: many entities' writes go into one transaction, and a write
/// that cannot go in (its sequence number is taken) fails alone, never the others it shared the
/// transaction with.
/// </summary>
public sealed class SqliteJournalWriterSpecs
{
    [Fact]
    public async Task A_taken_sequence_number_fails_only_its_own_write_among_many_in_flight()
    {
        using var database = TestDatabase.OnDisk();
        var taken = AccountId.From("taken");
        // The table as a node creates it, with one row already there.
        JournalTableWriter.Write(database.Journal, [("account-taken", new AccountOpened(taken, RequestId.From("r"), DateTimeOffset.UnixEpoch))]);
        using var writer = new SqliteJournalWriter(database.ConnectionString);

        var writes = Enumerable.Range(0, 200).Select(i => writer.Write([Row($"account-{i}", 1), Row($"account-{i}", 2)])).ToList();
        var duplicate = writer.Write([Row("account-taken", 2), Row("account-taken", 1)]);
        writes.AddRange(Enumerable.Range(200, 200).Select(i => writer.Write([Row($"account-{i}", 1)])));

        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        await Task.WhenAll(writes);
        Assert.Equal(200 * 2 + 200 + 1L, Count(database, "SELECT COUNT(*) FROM journal"));
        // All of the failed write or nothing: its first row did not stay.
        Assert.Equal(1L, Count(database, "SELECT COUNT(*) FROM journal WHERE persistence_id = 'account-taken'"));
    }

    private static StoredEvent Row(string persistenceId, long sequence) =>
        new(persistenceId, sequence, [1, 2, 3], ";account;", "manifest", 999, 1, "writer");

    private static long Count(TestDatabase database, string sql)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
