using LeverageActors.Actors.Entities;
using LeverageActors.Tests.Api;
using LeverageActors.Tests.Audit;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>
/// A review (read-only, of 965f117): a write that fails stops its entity, and nothing started it again
/// (entities are not remembered, its outbox's retry timer died with it): a close whose settlement the
/// pool had paid waited, its payout uncredited, for whatever message reached the position next. The
/// entity is now woken after <see cref="EntityActor{TState, TEvent}.WakeAfterFailedWrite"/>, recovers
/// and sends its outbox again. The failure is a trigger on the journal table refusing the position's
/// completed settlement once.
/// </summary>
public sealed class FailedWriteWakeSpecs() : ApiNodeSpec(TestDatabase.OnDisk())
{
    [Fact]
    public async Task A_position_whose_settlement_failed_to_write_is_woken_and_credits_the_payout_without_another_request()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        var lp = await Node.NewTrader(deposit: 100_000m);
        await lp.Provides("ETH-USD", 100_000m);
        var trader = await Node.NewTrader(deposit: 10_000m);
        var position = await trader.Opens("ETH-USD", "long", 1_000m, 5m);
        var before = await trader.FreeBalance();
        await Database.ScalarAsync(
            $"CREATE TRIGGER refuse_settled BEFORE INSERT ON journal WHEN NEW.persistence_id = 'position-{position}' AND NEW.manifest = 'XS' " +
            "BEGIN SELECT RAISE(ABORT, 'a write refused for the spec'); END");

        // Answered 504 once the entity stopped: the close itself is what the pool settles.
        var close = trader.Post($"/positions/{position}/close");
        await Eventually.Holds("the settlement's write to fail", async () =>
            (await PrometheusScrape.Of(Node.Http)).Samples.Any(s => s.Name.StartsWith("leverage_journal_write_duration", StringComparison.Ordinal)
                && s.Name.EndsWith("_count", StringComparison.Ordinal) && s.Labels.GetValueOrDefault("result") == "failed" && s.Value > 0));
        await Database.ScalarAsync("DROP TRIGGER refuse_settled");

        await Eventually.Holds("the payout credited", async () => await trader.FreeBalance() > before);
        (await close).Dispose();
        Assert.Equal("closed", (await ApiTrader.Json(trader.Get($"/positions/{position}"))).GetProperty("status").GetString());
        await Node.BooksBalance([lp, trader]);
        await Node.DisposeAsync();
        Assert.Empty(AuditJournal.Replay(Database).Violations);
    }
}
