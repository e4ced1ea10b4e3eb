using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Integrity;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Integrity;

/// <summary>A journal written before chains existed: its events are the chains' genesis, and a node goes on from them.</summary>
public sealed class LegacyJournalSpecs
{
    [Fact]
    public async Task Events_without_links_are_accepted_as_unchained_and_new_events_chain_on_from_them()
    {
        using var database = TestDatabase.OnDisk();
        var s = await Scenario.StartAsync(database);
        await (await s.Trader("old")).Deposits(1_000m);
        await s.Node.DisposeAsync();
        // As a version before chains wrote it: no link in any row.
        var stripped = database.Execute("UPDATE journal SET tags = substr(tags, 1, instr(tags, 'chain:') - 1) WHERE instr(tags, 'chain:') > 0");
        Assert.True(stripped >= 2);

        await s.Restart();
        await new TraderSteps(s, AccountId.From("old")).Deposits(500m);
        Assert.Equal(1_500m, (await s.Balance(AccountId.From("old"))).FreeBalance);
        await s.Node.DisposeAsync();

        var chains = new JournalChains();
        var rows = JournalSource.For(database.Journal).Rows().ToList();
        foreach (var row in rows)
            chains.Read(row);

        Assert.Empty(chains.Breaks);
        Assert.Equal(stripped, chains.Unchained);
        var newest = rows.Where(r => r.PersistenceId == "account-old").MaxBy(r => r.SequenceNr)!;
        Assert.NotNull(ChainHash.FromTags(newest.Tags));
    }
}
