using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// The audit conserves each collateral asset apart: every credit matches what the asset's ledger
/// admitted, every release what the account paid out, and at the end each ledger equals its
/// accounts' deposits less withdrawals. A row edited to credit more than was admitted is caught.
/// </summary>
public class AssetAuditSpecs
{
    private static readonly AssetId Eth = AssetId.From("ETH");

    private static AuditLedger Audit(IEnumerable<(string PersistenceId, ILeverageEvent Event)> journal) =>
        AuditedJournal.Of(journal);

    /// <summary>Alice deposits 3 ETH and 0.2 BTC and takes 1 ETH back; Bob deposits 0.5 ETH, and 100,000 more is refused at the cap.</summary>
    private static ExchangeStory Story()
    {
        var s = new ExchangeStory();
        var alice = s.Funded("alice", 100m);
        var bob = s.Funded("bob", 100m);
        s.DepositsAsset(alice, "ETH", 3m);
        s.DepositsAsset(alice, "BTC", 0.2m);
        s.WithdrawsAsset(alice, "ETH", 1m);
        s.DepositsAsset(bob, "ETH", 0.5m);
        // Past ETH's default cap of 100,000: declined by the ledger, refused by the account.
        Assert.IsType<AccountCommandRejected>(s.DepositsAsset(bob, "ETH", 100_000m));
        return s;
    }

    [Fact]
    public void Each_asset_adds_up_apart_and_audits_clean()
    {
        var ledger = Audit(Story().X.Journal);

        Assert.Empty(ledger.Violations);
        var totals = ledger.Totals();
        Assert.Equal(200m, totals.Deposits);
        Assert.Equal(
            [new AssetTotals(AssetId.From("BTC"), 0.2m, 0m, 0.2m), new AssetTotals(Eth, 3.5m, 1m, 2.5m)],
            totals.Assets!);
        Assert.Equal(2, totals.AssetLedgers); // BTC's and ETH's cap ledgers
        Assert.Equal(0, totals.SagasInFlight);
    }

    [Fact]
    public void A_journal_without_collateral_assets_has_no_asset_totals()
    {
        var s = new ExchangeStory();
        s.Funded("alice", 100m);

        Assert.Null(Audit(s.X.Journal).Totals().Assets);
        Assert.Equal(0, Audit(s.X.Journal).Totals().AssetLedgers);
    }

    [Fact]
    public void A_credit_edited_above_what_the_ledger_admitted_is_caught_at_the_row_and_in_the_books()
    {
        var journal = Story().X.Journal
            .Select(e => (e.PersistenceId, e.Event is AssetDeposited { Amount: 0.5m } d ? d with { Amount = 5m } : e.Event))
            .ToList();

        var violations = Audit(journal).Violations;

        var row = Assert.Single(violations, v => v.Rule == "asset-transfer");
        Assert.Equal("account-bob", row.Entity);
        Assert.Contains("0.5 ETH", row.Expected);
        var books = Assert.Single(violations, v => v.Rule == "asset-ledger-agrees");
        Assert.Contains("asset ETH", books.Found);
        Assert.Equal(2, violations.Count);
    }

    [Fact]
    public void A_deposit_the_ledger_declined_rewritten_as_credited_is_caught()
    {
        var journal = Story().X.Journal
            .Select(e => (e.PersistenceId, e.Event is AssetDepositRefused r ? new AssetDeposited(r.AccountId, r.RequestId, r.Asset, r.Amount, r.At) : e.Event))
            .ToList();

        var violations = Audit(journal).Violations;

        Assert.Equal("account-bob", Assert.Single(violations, v => v.Rule == "asset-transfer").Entity);
        Assert.Contains(violations, v => v.Rule == "asset-ledger-agrees");
    }

    [Fact]
    public void A_withdrawal_edited_below_what_the_ledger_released_is_caught()
    {
        var journal = Story().X.Journal
            .Select(e => (e.PersistenceId, e.Event is AssetWithdrawn w ? w with { Amount = 0.1m } : e.Event))
            .ToList();

        var violations = Audit(journal).Violations;

        var row = Assert.Single(violations, v => v.Rule == "asset-transfer");
        Assert.Equal("asset-ETH", row.Entity);
        Assert.Contains(violations, v => v.Rule == "asset-ledger-agrees");
    }
}
