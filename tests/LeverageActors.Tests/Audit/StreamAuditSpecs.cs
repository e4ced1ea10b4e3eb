using LeverageActors.Actors.Integrity;
using LeverageActors.Messages.Accounts;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// A node recovers each entity from its own stream; the audit folds each event into the entity it
/// names. An account's deposit written into the digest's stream (where rows after a stop digest are
/// expected) counted in the audit's books and in none of the node's (a review's finding).
/// </summary>
public class StreamAuditSpecs
{
    [Fact]
    public void An_accounts_event_written_into_another_stream_is_caught()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        var trader = s.Funded("trader", 20_000m);
        var journal = s.X.Journal.Select(e => (e.PersistenceId, e.Event)).ToList();
        var deposit = journal.FindLastIndex(e => e.Event is FundsDeposited d && d.AccountId == trader);
        journal[deposit] = (JournalDigestKeeper.StreamId, journal[deposit].Event);

        var violation = Assert.Single(AuditedJournal.Of(journal).Violations, v => v.Rule == "stream");

        Assert.Equal(JournalDigestKeeper.StreamId, violation.Entity);
        Assert.Contains($"account-{trader}", violation.Expected);
    }
}
