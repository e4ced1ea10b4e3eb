using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// A liquidator that cannot pay declines a collateral sale, and the seller takes back what the order
/// in flight took. A review found the seller's fold gave back what the decline row said, which the
/// audit never compared with anything: a row naming 1,000 ETH where the order sold 7 minted 993 ETH
/// the owner could then withdraw, and the audit stayed clean.
/// </summary>
public sealed class CollateralSaleDeclineSpecs
{
    private static readonly AssetId EthAsset = AssetId.From("ETH");

    /// <summary>The story of <see cref="AccountLiquidationStories"/>: a cross long on 7.2 ETH closed in a 40 % crash, its debt then offered to a keeper with <paramref name="keeperUsd"/>.</summary>
    private static (ExchangeStory S, AccountId Trader) Offered(decimal keeperUsd)
    {
        var (s, trader, keeper, _) = AccountLiquidationStories.EthLongOnEth(keeperUsd);
        s.PriceIs(1_200m);
        s.X.Send(new CheckCrossAccount(trader, s.Marks(), keeper, s.Now));
        // The crash tripped the breaker: the sale waits for the halt's end.
        s.PastHalt();
        s.X.Send(new CheckCrossAccount(trader, s.Marks(), keeper, s.Now));
        return (s, trader);
    }

    private static ExchangeStory Declined()
    {
        var (s, trader) = Offered(keeperUsd: 100m);
        var declined = s.X.Journal.Select(r => r.Event).OfType<CollateralSaleDeclined>().Single();
        Assert.Equal(7.075439m, declined.Quantity);
        Assert.Equal(7.2m, s.X.Accounts.Single(a => a.Id == trader).Holding(EthAsset).Balance);
        return s;
    }

    [Fact]
    public void A_declined_sale_gives_the_seller_back_what_it_offered_and_audits_clean()
    {
        var s = Declined();

        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    [Fact]
    public void A_decline_row_naming_more_than_the_order_sold_is_named_and_gives_back_only_the_order()
    {
        var s = Declined();

        var journal = AuditedJournal.Edited(s, e => e is CollateralSaleDeclined d ? d with { Quantity = 1_000m } : e);

        var ledger = AuditedJournal.Of(journal);
        Assert.Contains(ledger.Violations, v => v.Rule == "collateral-sale" && v.Found.Contains("1000 ETH back"));
        Assert.Equal(7.2m, ledger.Totals().Assets!.Single(a => a.Asset == EthAsset).Held);
    }

    /// <summary>The totals' own check, whatever the rows: units sold leave the seller and must reach an account.</summary>
    [Fact]
    public void Units_sold_that_no_account_received_are_named_by_the_totals()
    {
        var (s, _) = Offered(keeperUsd: 10_000m);
        Assert.Single(s.X.Journal.Select(r => r.Event).OfType<LiquidatedCollateralBought>());

        var journal = s.X.Journal.Where(e => e.Event is not LiquidatedCollateralBought).Select(e => (e.PersistenceId, e.Event)).ToList();

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "asset-totals" && v.Expected.StartsWith("7.2"));
    }

    /// <summary>A review: the totals counted the journal's deposits only, while the holdings counted the ones its sagas in flight then finished.</summary>
    [Fact]
    public void A_journal_ending_while_an_asset_deposit_is_in_flight_audits_clean()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.DepositsAsset(s.Funded("alice", 0m), "ETH", 10m);
        var bob = s.Funded("bob", 0m);

        s.X.Send(new DepositAsset(bob, RequestId.New(), EthAsset, 4m, s.Now), maxDeliveries: 1);

        Assert.DoesNotContain(s.X.Journal, r => r.Event is AssetDeposited { Amount: 4m });
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    [Fact]
    public void A_buyer_declining_a_sale_it_bought_is_named()
    {
        var (s, _) = Offered(keeperUsd: 10_000m);
        var journal = s.X.Journal.Select(e => (e.PersistenceId, e.Event)).ToList();
        var at = journal.FindIndex(e => e.Event is LiquidatedCollateralBought);
        var bought = (LiquidatedCollateralBought)journal[at].Event;

        journal.Insert(at + 1, (journal[at].PersistenceId, new LiquidatedCollateralDeclined(bought.AccountId, bought.Seller, bought.Liquidation,
            bought.TransferId, new Messages.Common.Rejection(Messages.Common.RejectionCodes.CollateralSaleRefused, "forged"), bought.At)));

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "collateral-sale" && v.Found.EndsWith("declined"));
    }

    [Fact]
    public void A_decline_row_written_twice_is_named()
    {
        var s = Declined();
        var journal = s.X.Journal.Select(e => (e.PersistenceId, e.Event)).ToList();
        var at = journal.FindIndex(e => e.Event is CollateralSaleDeclined);

        journal.Insert(at + 1, journal[at]);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "collateral-sale");
    }
}
