using LeverageActors.Actors.Entities;
using LeverageActors.Tests.Api;
using LeverageActors.Tests.Audit;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>
/// A review (read-only, of 965f117): a write that fails stops its entity, and nothing started it again
/// (entities are not remembered, its outbox's retry timer died with it): a close whose settlement the
/// pool had paid waited, its payout uncredited, for whatever message reached the position next. The
/// entity is now woken after <see cref="FailedWrites.FirstPause"/>, recovers and sends its outbox
/// again, and woken again, later each time, while its recovery fails. The failure is a trigger on the
/// journal table refusing the position's completed settlement once; the recovery's, a row no
/// serializer reads in the settlement's place.
/// </summary>
public sealed class FailedWriteWakeSpecs() : ApiNodeSpec(TestDatabase.OnDisk())
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_position_whose_settlement_failed_to_write_is_woken_and_credits_the_payout_without_another_request(bool recoveryFailsFirst)
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
        if (recoveryFailsFirst)
        {
            // The first wake's recovery meets a row it cannot read; the next wake's finds it gone.
            await Database.ScalarAsync(
                "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) " +
                $"SELECT 0, 0, 'position-{position}', MAX(sequence_number) + 1, x'00', '', 'XS', {Messages.Serialization.LeverageSerializer.Id}, 'spec' " +
                $"FROM journal WHERE persistence_id = 'position-{position}'");
            await Eventually.Holds("a recovery to fail", async () =>
                (await PrometheusScrape.Of(Node.Http)).Sum("leverage_entity_recoveries_failed_total", ("entity", "position")) > 0);
            await Database.ScalarAsync($"DELETE FROM journal WHERE persistence_id = 'position-{position}' AND writer_uuid = 'spec'");
        }

        await Eventually.Holds("the payout credited", async () => await trader.FreeBalance() > before);
        (await close).Dispose();
        Assert.Equal("closed", (await ApiTrader.Json(trader.Get($"/positions/{position}"))).GetProperty("status").GetString());
        await Node.BooksBalance([lp, trader]);
        await Node.DisposeAsync();
        Assert.Empty(AuditJournal.Replay(Database).Violations);
    }

    /// <summary>
    /// The saga watchdog wakes each entity once; one whose recovery then failed (a timeout, the journal's
    /// breaker open) was never woken again, its payout or release left for good (found by a read-only
    /// review). Any failed recovery now wakes its entity again, with nothing else asking for it.
    /// </summary>
    [Fact]
    public async Task An_entity_whose_recovery_fails_is_woken_again_with_no_failed_write_and_no_request()
    {
        var trader = await Node.NewTrader(deposit: 1_000m);
        var ghost = Messages.Ids.PositionId.New();
        await Database.ScalarAsync(
            "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) " +
            $"VALUES (0, 0, 'position-{ghost}', 1, x'00', '', 'XS', {Messages.Serialization.LeverageSerializer.Id}, 'spec')");

        // One request starts it; its recovery fails on the row no serializer reads.
        (await trader.Get($"/positions/{ghost}")).Dispose();

        await Eventually.Holds("a second recovery, which no request asked for", async () =>
            (await PrometheusScrape.Of(Node.Http)).Sum("leverage_entity_recoveries_failed_total", ("entity", "position")) >= 2);
    }
}
