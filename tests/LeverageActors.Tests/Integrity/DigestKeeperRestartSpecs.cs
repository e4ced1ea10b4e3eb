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
}
