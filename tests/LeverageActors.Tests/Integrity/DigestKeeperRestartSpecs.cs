using Akka.Actor;
using Akka.Hosting;
using LeverageActors.Actors.Integrity;
using LeverageActors.Messages.Journal;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Integrity;

/// <summary>
/// The digest keeper stopped itself on a failed write, and its singleton manager never started it
/// again: no digest until the node restarted (found by a read-only review). It now starts again.
/// </summary>
public sealed class DigestKeeperRestartSpecs
{
    [Fact]
    public async Task A_keeper_whose_digest_failed_to_write_takes_the_next_one()
    {
        using var database = TestDatabase.OnDisk();
        var s = await Scenario.StartAsync(database);
        await (await s.Trader("alice")).Deposits(1_000m);
        var proxy = await ActorRegistry.For(s.Node.System).GetAsync<JournalDigestProxy>();
        await proxy.Ask<JournalDigestTaken>(new TakeJournalDigest(), Scenario.Timeout);
        await (await s.Trader("bob")).Deposits(500m);
        database.Execute("CREATE TRIGGER refuse_digest BEFORE INSERT ON journal WHEN NEW.persistence_id = 'journal-digest' " +
                         "BEGIN SELECT RAISE(ABORT, 'a write refused for the spec'); END");

        Assert.IsAssignableFrom<Exception>(await Record.ExceptionAsync(() => proxy.Ask<JournalDigestTaken>(new TakeJournalDigest(), TimeSpan.FromSeconds(3))));
        database.Execute("DROP TRIGGER refuse_digest");

        JournalDigestTaken? taken = null;
        await Eventually.Holds("a digest taken after the failed one", async () =>
        {
            taken = await proxy.Ask<object>(new TakeJournalDigest(), TimeSpan.FromSeconds(3)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result as JournalDigestTaken : null);
            return taken is not null;
        });
        Assert.True(taken!.Streams >= 2);
        await s.Node.DisposeAsync();
    }

    /// <summary>
    /// A deposit raised while the node was down, with every link of its stream recomputed (a careful
    /// forger): no link shows it, and the restarted keeper signed the forged history without a word
    /// (found by a read-only review). Its first look now compares the journal with its last digest and
    /// says the journal was changed (an error, and <c>leverage_journal_changed{how="digest"}</c>).
    /// </summary>
    [Fact]
    public async Task A_history_rewritten_with_its_links_while_the_node_was_down_is_named_at_the_first_digest_after()
    {
        using var database = TestDatabase.OnDisk();
        var (s, _) = await DepositRaisedWhileDown(database);

        await s.Restart();
        var changed = await ChangesAtTheFirstDigest(s);

        Assert.Equal([(1L, "digest")], changed);
        await s.Node.DisposeAsync();
    }

    /// <summary>
    /// The same forger also deletes the keeper's own stream, so the restarted keeper had no last
    /// digest to compare with and signed the forged history without a word (found by a read-only
    /// review). The digest file it wrote outside the journal still commits to the history: the first
    /// look compares with it, says so, and keeps that file aside instead of overwriting it.
    /// </summary>
    [Fact]
    public async Task A_history_rewritten_with_the_keepers_own_digests_deleted_is_named_against_the_digest_file()
    {
        using var database = TestDatabase.OnDisk();
        var (s, t) = await DepositRaisedWhileDown(database);
        var file = s.Node.DigestFile;
        var written = await File.ReadAllTextAsync(file);
        t.Change($"DELETE FROM journal WHERE persistence_id = '{JournalDigestKeeper.StreamId}'");

        await s.Restart();
        var changed = await ChangesAtTheFirstDigest(s);

        Assert.Equal([(1L, "digest")], changed);
        var kept = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + ".found-*"));
        Assert.Equal(written, await File.ReadAllTextAsync(kept));
        await s.Node.DisposeAsync();
    }

    /// <summary>
    /// A node started on a new journal (the old file deleted, or a move to PostgreSQL) beside the
    /// digest file of the journal before: that file is another journal's, not a sign that this one's
    /// digests were cut (found by a read-only review of the comparison with the file). It is kept
    /// aside all the same: the journal's id is the database's, so a forger could change it; and it is
    /// counted apart (<c>how="not-compared"</c>, a later review: only a warning told of it), so
    /// alerting can choose.
    /// </summary>
    [Fact]
    public async Task A_digest_file_left_from_another_journal_raises_no_alarm_and_is_counted_apart()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("leverage-digest-").FullName, "journal-digest.json");
        using (var before = TestDatabase.OnDisk())
        {
            var old = await Scenario.StartAsync(before, node: n => n with { DigestFile = file });
            await (await old.Trader("alice")).Deposits(1_000m);
            await (await ActorRegistry.For(old.Node.System).GetAsync<JournalDigestProxy>()).Ask<JournalDigestTaken>(new TakeJournalDigest(), Scenario.Timeout);
            await old.Node.DisposeAsync();
        }

        var written = await File.ReadAllTextAsync(file);

        using var database = TestDatabase.OnDisk();
        var s = await Scenario.StartAsync(database, node: n => n with { DigestFile = file });
        var changed = await ChangesAtTheFirstDigest(s);

        Assert.Equal([(1L, "not-compared")], changed);
        var kept = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!, "*.found-*"));
        Assert.Equal(written, await File.ReadAllTextAsync(kept));
        await s.Node.DisposeAsync();
    }

    /// <summary>
    /// A node that took a digest after alice's deposit of 1,000, stopped; then the deposit raised to
    /// 9,000 in the database with its stream's links recomputed (a careful forger).
    /// </summary>
    private static async Task<(Scenario S, Tampering T)> DepositRaisedWhileDown(TestDatabase database)
    {
        var s = await Scenario.StartAsync(database);
        await (await s.Trader("alice")).Deposits(1_000m);
        await (await ActorRegistry.For(s.Node.System).GetAsync<JournalDigestProxy>()).Ask<JournalDigestTaken>(new TakeJournalDigest(), Scenario.Timeout);
        await s.Node.DisposeAsync();
        var t = new Tampering(database);
        var deposit = t.Rows().Single(r => r.PersistenceId == "account-alice" && r.Manifest == "AD");
        t.EditEvent("account-alice", deposit.SequenceNr, e => e["amount"] = 9_000m);
        t.Relink("account-alice");
        return (s, t);
    }

    /// <summary>What <c>leverage_journal_changed</c> counted by the time the keeper's first digest after a start is taken.</summary>
    private static async Task<List<(long Count, string? How)>> ChangesAtTheFirstDigest(Scenario s)
    {
        var changed = new List<(long Count, string? How)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        var meter = Actors.Metrics.NodeMetrics.For(s.Node.System).Meter;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name == "leverage.journal.changed")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (changed)
                changed.Add((value, tags.ToArray().FirstOrDefault(tag => tag.Key == "how").Value as string));
        });
        listener.Start();
        var proxy = await ActorRegistry.For(s.Node.System).GetAsync<JournalDigestProxy>();
        await proxy.Ask<JournalDigestTaken>(new TakeJournalDigest(), Scenario.Timeout);
        lock (changed)
            return [.. changed];
    }
}