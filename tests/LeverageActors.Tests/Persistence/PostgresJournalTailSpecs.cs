using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Persistence;
using LeverageActors.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Persistence;

/// <summary>
/// The node's live tag queries on PostgreSQL, served by one shared reader of new rows. Several
/// nodes write the journal at once, so an ordering can commit after a higher one: the reader must
/// wait at a missing ordering for as long as a write that holds it is still running (or the
/// follower would never see that event), and pass it once nothing can fill it any more (a write
/// rolled back), or every follower would stop there.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalTailSpecs : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>Long enough for a reader that passed a gap after some polls (the plugin's: ten) to show it.</summary>
    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(1.5);

    private readonly TestDatabase _database;
    private readonly PostgresJournalWriter _writer;
    private readonly PostgresJournalWriter _otherNode;
    private long _sequence;

    public PostgresJournalTailSpecs(PostgresFixture postgres, ITestOutputHelper output) : this(postgres.NewDatabase(), output)
    {
    }

    private PostgresJournalTailSpecs(TestDatabase database, ITestOutputHelper output) : base(OnJournal(database), null, output)
    {
        _database = database;
        _writer = new PostgresJournalWriter(database.ConnectionString, copyAbove: 20);
        _otherNode = new PostgresJournalWriter(database.ConnectionString, copyAbove: 20);
    }

    private static ActorSystemSetup OnJournal(TestDatabase database, string gapLimit = "60s")
    {
        PostgresDatabase.Prepare(database.ConnectionString);
        return JournalFollowing.Node(HoconFiles.Postgres, new PostgresJournalSetup(database.ConnectionString), $$"""
            akka.persistence.query.journal.sql.refresh-interval = 20ms
            leverage.journal.gap-limit = {{gapLimit}}
            """);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _writer.Dispose();
            _otherNode.Dispose();
            _database.Dispose();
        }
    }

    [Fact]
    public async Task Live_followers_get_each_event_of_their_tag_once_and_in_order_while_two_nodes_write()
    {
        await Write(_writer, 300);
        var query = JournalQueries.For(Sys);
        var fromStart = Follow(query, "a", 0);
        var fromMiddle = Follow(query, "b", 150);

        for (var i = 0; i < 10; i++)
            await Task.WhenAll(Write(_writer, 100), Write(_otherNode, 100));
        var late = Follow(query, "a", 1_500);
        await Task.WhenAll(Write(_writer, 100), Write(_otherNode, 100));

        await AwaitAssertAsync(async () =>
        {
            Assert.Equal(await Orderings("a", 0), fromStart.ToArray());
            Assert.Equal(await Orderings("b", 150), fromMiddle.ToArray());
            Assert.Equal(await Orderings("a", 1_500), late.ToArray());
        }, TimeSpan.FromSeconds(30));
        Assert.NotEmpty(late);
    }

    [Fact]
    public async Task A_write_still_running_holds_the_followers_at_its_ordering_however_long_it_takes()
    {
        var follower = CreateTestProbe();
        await Write(_writer, 10);
        _ = JournalQueries.For(Sys)("a", 0, true).RunForeach(e => follower.Ref.Tell(((Sequence)e.Offset).Value), Sys.Materializer());
        foreach (var ordering in await Orderings("a", 0))
            await follower.ExpectMsgAsync(ordering, TimeSpan.FromSeconds(10));

        // A node's write that began earlier (its transaction id is older) and one that draws its
        // ordering later and commits first; rows of other writes follow.
        await using var earlier = await Begin();
        await using (var id = new NpgsqlCommand("SELECT pg_current_xact_id()", earlier.Connection, earlier.Transaction))
            await id.ExecuteScalarAsync();
        await using var slowNode = await Begin();
        var held = await Insert(slowNode.Connection, slowNode.Transaction, ";a;");
        await Insert(earlier.Connection, earlier.Transaction, ";a;");
        await earlier.Transaction.CommitAsync();
        // The reader looks at the gap a few times while the earlier write is the newest to have ended.
        await follower.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await Write(_writer, 10);
        var after = await Orderings("a", held);
        Assert.NotEmpty(after);

        await follower.ExpectNoMsgAsync(HeldFor);

        await slowNode.Transaction.CommitAsync();
        await follower.ExpectMsgAsync(held, TimeSpan.FromSeconds(10));
        foreach (var ordering in after)
            await follower.ExpectMsgAsync(ordering, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Followers_that_start_while_a_write_is_in_flight_below_the_newest_row_wait_for_it()
    {
        await Write(_writer, 10);
        await using var slowNode = await Begin();
        var held = await Insert(slowNode.Connection, slowNode.Transaction, ";a;");
        await Write(_writer, 10);

        // The node's first follower: a start at the newest row would read the table without the held row and the new rows after it.
        var received = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var past = CreateTestProbe();
        _ = JournalQueries.For(Sys)("a", 0, true).RunForeach(e =>
        {
            var ordering = ((Sequence)e.Offset).Value;
            received.Enqueue(ordering);
            if (ordering >= held)
                past.Ref.Tell(ordering);
        }, Sys.Materializer());
        // Nothing from the held ordering on may come before the write ends.
        await past.ExpectNoMsgAsync(HeldFor);

        await slowNode.Transaction.CommitAsync();
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), received.ToArray()), TimeSpan.FromSeconds(10));
        Assert.Contains(held, received);
    }

    [Fact]
    public async Task A_catch_up_ends_below_a_write_in_flight_so_that_following_on_from_it_misses_nothing()
    {
        await Write(_writer, 10);
        var query = JournalQueries.For(Sys);
        // The node's reader is running, as on a node whose market watch has moved to it.
        var follower = CreateTestProbe();
        _ = query("a", 0, true).RunForeach(e => follower.Ref.Tell(((Sequence)e.Offset).Value), Sys.Materializer());
        foreach (var ordering in await Orderings("a", 0))
            await follower.ExpectMsgAsync(ordering, TimeSpan.FromSeconds(10));
        await using var slowNode = await Begin();
        var held = await Insert(slowNode.Connection, slowNode.Transaction, ";a;");
        await Write(_writer, 10);
        await follower.ExpectNoMsgAsync(HeldFor);

        var caughtUp = await query("a", 0, false).Select(e => ((Sequence)e.Offset).Value).RunWith(Sink.Seq<long>(), Sys.Materializer());
        Assert.All(caughtUp, ordering => Assert.True(ordering < held, $"the catch-up read {ordering}, past the write in flight at {held}"));

        var live = Follow(query, "a", caughtUp.Count == 0 ? 0 : caughtUp[^1]);
        await slowNode.Transaction.CommitAsync();
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), caughtUp.Concat(live).ToArray()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_ordering_left_by_a_write_rolled_back_is_passed()
    {
        await Write(_writer, 10);
        var received = Follow(JournalQueries.For(Sys), "a", 0);
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), received.ToArray()));

        long gap;
        await using (var refused = await Begin())
        {
            gap = await Insert(refused.Connection, refused.Transaction, ";a;");
            await refused.Transaction.RollbackAsync();
        }

        await Write(_writer, 10);
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), received.ToArray()), TimeSpan.FromSeconds(10));
        Assert.Contains(received, ordering => ordering > gap);
    }

    [Fact]
    public async Task A_write_left_open_past_the_gap_limit_is_passed_with_a_warning_and_not_waited_for_again()
    {
        using var impatient = ActorSystem.Create("impatient", OnJournal(_database, gapLimit: "1s"));
        var warnings = CreateTestProbe(impatient);
        impatient.EventStream.Subscribe(warnings.Ref, typeof(Akka.Event.Warning));
        await Write(_writer, 10);
        var received = Follow(JournalQueries.For(impatient), "a", 0, impatient);
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), received.ToArray()));

        // A session that inserted into the journal and was left open.
        await using var leftOpen = await Begin();
        await Insert(leftOpen.Connection, leftOpen.Transaction, ";a;");
        await Write(_writer, 10);
        await warnings.FishForMessageAsync(m => m is Akka.Event.Warning w && w.Message.ToString()!.Contains("stayed missing"), TimeSpan.FromSeconds(10));
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), received.ToArray()), TimeSpan.FromSeconds(10));

        // A later gap (a write rolled back) while the session still holds the lock: passed without a second wait for it.
        await using (var refused = await Begin())
        {
            await Insert(refused.Connection, refused.Transaction, ";a;");
            await refused.Transaction.RollbackAsync();
        }

        await Write(_writer, 10);
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), received.ToArray()), TimeSpan.FromSeconds(10));
        await warnings.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public Task A_follower_from_its_tags_newest_event_reads_none_of_the_older_rows() =>
        JournalFollowing.FollowsFromTheNewestOnly(this, _writer, rows => Write(_writer, rows), Orderings);

    private System.Collections.Concurrent.ConcurrentQueue<long> Follow(JournalQuery query, string tag, long after, ActorSystem? system = null) =>
        JournalFollowing.Follow(query, tag, after, system ?? Sys);

    private Task Write(PostgresJournalWriter writer, int rows) => JournalFollowing.Write(Sys, writer, rows, () => Interlocked.Increment(ref _sequence));

    private async Task<OpenWrite> Begin()
    {
        var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        return new OpenWrite(connection, await connection.BeginTransactionAsync());
    }

    /// <summary>A row inserted in a transaction of its own, as another node's writer would; its ordering.</summary>
    private async Task<long> Insert(NpgsqlConnection connection, NpgsqlTransaction transaction, string tags)
    {
        var row = JournalFollowing.Row(Sys, $"account-{Interlocked.Increment(ref _sequence)}", tags);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) " +
            "VALUES (0, false, @pid, 1, @message, @tags, @manifest, @identifier, 'tail-specs') RETURNING ordering", connection, transaction);
        insert.Parameters.AddWithValue("pid", row.PersistenceId);
        insert.Parameters.AddWithValue("message", row.Message);
        insert.Parameters.AddWithValue("tags", row.Tags);
        insert.Parameters.AddWithValue("manifest", row.Manifest);
        insert.Parameters.AddWithValue("identifier", row.Identifier);
        return (long)(await insert.ExecuteScalarAsync())!;
    }

    /// <summary>What the table holds for the tag after the offset, in journal order.</summary>
    private async Task<long[]> Orderings(string tag, long after)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        return await JournalFollowing.Orderings(connection, tag, after);
    }

    private sealed record OpenWrite(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
