using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Persistence;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Persistence;

/// <summary>
/// The node's live tag queries on SQLite, served by one shared reader of new rows: each follower
/// gets every event of its tag after its offset exactly once and in journal order, whether the
/// event was written before it started, while it caught up from the table, or after it joined
/// the shared reader; and one that falls too far behind is let go and reads on from the table.
/// </summary>
public sealed class SqliteJournalTailSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly TestDatabase _database;
    private readonly SqliteJournalWriter _writer;
    private long _sequence;

    public SqliteJournalTailSpecs(ITestOutputHelper output) : this(TestDatabase.OnDisk(), output)
    {
    }

    private SqliteJournalTailSpecs(TestDatabase database, ITestOutputHelper output) : base(OnJournal(database, "20ms"), null, output)
    {
        _database = database;
        _writer = new SqliteJournalWriter(database.ConnectionString);
    }

    private static ActorSystemSetup OnJournal(TestDatabase database, string refresh, int capacity = 500)
    {
        SqliteDatabase.Prepare(database.ConnectionString);
        return JournalFollowing.Node(HoconFiles.Sqlite, new SqliteJournalSetup(database.ConnectionString), $$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.persistence.query.journal.sql.refresh-interval = {{refresh}}
            leverage.journal.tail-capacity = {{capacity}}
            """);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _writer.Dispose();
            _database.Dispose();
        }
    }

    [Fact]
    public async Task Live_followers_get_each_event_of_their_tag_once_and_in_order_as_rows_keep_coming()
    {
        await Write(300);
        var query = JournalQueries.For(Sys);
        var fromStart = Follow(query, "a", 0);
        var fromMiddle = Follow(query, "b", 150);
        var both = Follow(query, "both", 0);

        // Rows keep coming while the followers catch up from the table and join the shared reader.
        for (var i = 0; i < 20; i++)
            await Write(100);
        var late = Follow(query, "a", 2_000);
        for (var i = 0; i < 5; i++)
            await Write(100);

        await AwaitAssertAsync(async () =>
        {
            Assert.Equal(await Orderings("a", 0), fromStart.ToArray());
            Assert.Equal(await Orderings("b", 150), fromMiddle.ToArray());
            Assert.Equal(await Orderings("both", 0), both.ToArray());
            Assert.Equal(await Orderings("a", 2_000), late.ToArray());
        }, TimeSpan.FromSeconds(20));
        Assert.NotEmpty(late);
    }

    [Fact]
    public async Task A_follower_that_starts_ahead_of_the_shared_reader_gets_nothing_twice()
    {
        // A node whose reader looks for new rows every 5 s: it stays where it last read while rows come.
        using var lagging = ActorSystem.Create("lagging", OnJournal(_database, "5s"));
        var query = JournalQueries.For(lagging);
        await Write(100);
        var first = Follow(query, "a", 0, lagging);
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), first.ToArray()));
        // These come from the reader only (the follower joined it before reading the table): it has just read.
        await Write(10);
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), first.ToArray()), TimeSpan.FromSeconds(15));

        await Write(100);
        var ahead = Follow(query, "a", 160, lagging);

        // Both get the new rows only from the reader, which stood at 110 when the second joined.
        await AwaitAssertAsync(async () =>
        {
            Assert.Equal(await Orderings("a", 0), first.ToArray());
            Assert.Equal(await Orderings("a", 160), ahead.ToArray());
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_row_that_cannot_be_read_fails_only_the_followers_of_its_tags()
    {
        await Write(10);
        var query = JournalQueries.For(Sys);
        var others = Follow(query, "a", 0);
        var its = query("b", 0, true).RunWith(Sink.Ignore<EventEnvelope>(), Sys.Materializer());
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), others.ToArray()));

        var edited = JournalFollowing.Row(Sys, "account-edited", ";b;") with { Message = [0xFF, 0x00, 0x13] };
        await _writer.Write([edited]);
        await Write(20);

        await Task.WhenAny(its, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(its.IsFaulted, "the follower of the row's tag read on past it");
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), others.ToArray()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_query_passing_unreadable_rows_hands_on_every_other_row_of_its_tag_caught_up_or_live(bool live)
    {
        await Write(30);
        var edited = JournalFollowing.Row(Sys, "account-edited", ";a;") with { Message = [0xFF, 0x00, 0x13] };
        await _writer.Write([edited]);
        await Write(30);
        var unreadable = Convert.ToInt64(await _database.ScalarAsync("SELECT ordering FROM journal WHERE persistence_id = 'account-edited'"));
        var readable = (await Orderings("a", 0)).Where(o => o != unreadable).ToArray();

        var query = JournalFeed.PassingUnreadable(JournalQueries.For(Sys), Sys.Log);
        var received = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var markers = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var done = query("a", 0, live).RunForeach(e => (e.Event is UnreadableRow ? markers : received).Enqueue(((Sequence)e.Offset).Value), Sys.Materializer());

        // The rows before it in the same page as well as those after it, and a marker in its place; a finite query then ends.
        await AwaitAssertAsync(() => Assert.Equal(readable, received.ToArray()), TimeSpan.FromSeconds(20));
        Assert.Equal([unreadable], markers.ToArray());
        if (!live)
            await done;
    }

    [Fact]
    public async Task A_live_query_failing_at_an_unreadable_row_has_handed_on_every_row_before_it_when_its_failure_is_seen()
    {
        await Write(30);
        var edited = JournalFollowing.Row(Sys, "account-edited", ";a;") with { Message = [0xFF, 0x00, 0x13] };
        await _writer.Write([edited]);
        await Write(30);
        var unreadable = Convert.ToInt64(await _database.ScalarAsync("SELECT ordering FROM journal WHERE persistence_id = 'account-edited'"));
        var before = (await Orderings("a", 0)).Where(o => o < unreadable).ToArray();
        var query = JournalQueries.For(Sys);

        // A source that read ahead in a stage of its own let its failure overtake the rows it had handed on:
        // they were lost, or a recovery ran before they reached it (and read them again).
        for (var run = 0; run < 20; run++)
        {
            var handed = new List<long>();
            long[]? seenAtFailure = null;
            await query("a", 0, true)
                .Select(e => ((Sequence)e.Offset).Value)
                .RecoverWithRetries(e =>
                {
                    seenAtFailure = handed.ToArray();
                    return Source.Empty<long>();
                }, attempts: 1)
                .RunForeach(handed.Add, Sys.Materializer())
                .WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(before, seenAtFailure);
            Assert.Equal(before, handed.ToArray());
        }
    }

    [Fact]
    public async Task A_follower_that_falls_behind_is_let_go_and_reads_on_from_the_table_without_a_gap()
    {
        // A node that holds at most 20 events for a follower: every page of the reader's with more of
        // the tag lets the follower go, whatever the stream downstream of it holds.
        using var small = ActorSystem.Create("small", OnJournal(_database, "20ms", capacity: 20));
        var logs = CreateTestProbe(small);
        small.EventStream.Subscribe(logs.Ref, typeof(Akka.Event.Info));
        await Write(10);
        var received = Follow(JournalQueries.For(small), "a", 0, small);

        for (var i = 0; i < 20; i++)
            await Write(100);

        await logs.FishForMessageAsync(m => m is Akka.Event.Info info && info.Message.ToString()!.Contains("fell 20 events behind"));
        await AwaitAssertAsync(async () => Assert.Equal(await Orderings("a", 0), received.ToArray()), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_catch_up_reads_every_row_of_its_tag_past_index_entries_whose_rows_were_replaced_by_hand()
    {
        await Write(1_500);
        // INSERT OR REPLACE fires no delete trigger: the replaced rows' orderings stay in the tag index with no row behind them.
        Assert.Equal(600, _database.Execute("""
            INSERT OR REPLACE INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid)
            SELECT created, deleted, persistence_id, sequence_number, message, ';replaced;', manifest, identifier, writer_uuid
            FROM journal WHERE ordering <= 1200 AND instr(tags, ';a;') > 0
            """));
        Assert.True(Convert.ToInt64(await _database.ScalarAsync("""
            SELECT COUNT(*) FROM journal_tag t WHERE t.tag = 'a' AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.ordering = t.ordering)
            """)) > 500, "more stale entries than a page of the catch-up");

        var caughtUp = await JournalQueries.For(Sys)("a", 0, false)
            .Select(e => ((Sequence)e.Offset).Value)
            .RunWith(Sink.Seq<long>(), Sys.Materializer());

        Assert.Equal(await Orderings("a", 0), caughtUp);
        Assert.Equal(150, caughtUp.Count);
    }

    [Fact]
    public Task A_follower_from_its_tags_newest_event_reads_none_of_the_older_rows() =>
        JournalFollowing.FollowsFromTheNewestOnly(this, _writer, Write, Orderings);

    private System.Collections.Concurrent.ConcurrentQueue<long> Follow(JournalQuery query, string tag, long after, ActorSystem? system = null) =>
        JournalFollowing.Follow(query, tag, after, system ?? Sys);

    private Task Write(int rows) => JournalFollowing.Write(Sys, _writer, rows, () => ++_sequence);

    /// <summary>What the table holds for the tag after the offset, in journal order.</summary>
    private async Task<long[]> Orderings(string tag, long after)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        return await JournalFollowing.Orderings(connection, tag, after);
    }
}
