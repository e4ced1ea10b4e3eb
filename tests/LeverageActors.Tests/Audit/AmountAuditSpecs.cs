using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// A review: the fold adds and takes recorded amounts as they are, so a forged withdrawal of a
/// negative amount credited the account and balanced every total. Every amount a trader's request
/// recorded must be one the engine would take (rule <c>amount</c>).
/// </summary>
public class AmountAuditSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_withdrawal_of_a_negative_amount_is_named_at_its_row()
    {
        var s = new ExchangeStory();
        var alice = s.Funded("alice", 100m);
        s.DepositsAsset(alice, "ETH", 3m);
        var journal = s.X.Journal.Select(e => (e.PersistenceId, e.Event)).ToList();
        journal.Add(("account-alice", new AssetWithdrawn(alice, RequestId.From("forged-asset"), AssetId.From("ETH"), -1_000m, T0)));
        journal.Add(("account-alice", new FundsWithdrawn(alice, RequestId.From("forged-usd"), -1_000m, T0)));

        var named = AuditedJournal.Of(journal).Violations.Where(v => v.Rule == "amount").ToList();

        Assert.Equal(2, named.Count);
        Assert.All(named, v => Assert.Equal("account-alice", v.Entity));
        Assert.Contains(named, v => v.Found.Contains("-1000") && v.Expected.Contains("asset withdrawal"));
        Assert.Contains(named, v => v.Expected.Contains("a withdrawal"));
    }

    /// <summary>A review of the rule: a settlement's fraction is a trader's number too.</summary>
    [Fact]
    public void A_settlement_of_a_negative_or_more_than_whole_fraction_is_named()
    {
        foreach (var fraction in new[] { -0.5m, 0m, 1.000001m })
            Assert.Equal("amount", Actors.Audit.AmountRule.Check(
                new Messages.Positions.PositionSettlementRequested(PositionId.From("p"), RequestId.From("r"), 1, fraction, 2_000m, T0))?.Rule);
        Assert.Null(Actors.Audit.AmountRule.Check(
            new Messages.Positions.PositionSettlementRequested(PositionId.From("p"), RequestId.From("r"), 1, 0.000001m, 2_000m, T0)));
    }

    [Fact]
    public void A_trigger_at_no_price_or_for_more_than_the_position_is_named()
    {
        Messages.Positions.TriggerPlaced Placed(decimal triggerPrice, decimal fraction) =>
            new(PositionId.From("p"), RequestId.From("r"), 1, Messages.Positions.TriggerKind.StopLoss, triggerPrice, fraction, 2_000m, T0);
        foreach (var forged in new[] { Placed(0m, 1m), Placed(-1_900m, 1m), Placed(1_900m, 0m), Placed(1_900m, 1.5m) })
            Assert.Equal("amount", Actors.Audit.AmountRule.Check(forged)?.Rule);
        Assert.Null(Actors.Audit.AmountRule.Check(Placed(1_900m, 0.5m)));
    }

    [Fact]
    public void An_honest_story_has_no_amount_findings()
    {
        var s = new ExchangeStory();
        var alice = s.Funded("alice", 100.123456m);
        s.DepositsAsset(alice, "ETH", 0.000001m);
        s.WithdrawsAsset(alice, "ETH", 0.000001m);

        Assert.Empty(AuditedJournal.Of(s.X.Journal.Select(e => (e.PersistenceId, (ILeverageEvent)e.Event))).Violations);
    }
}
