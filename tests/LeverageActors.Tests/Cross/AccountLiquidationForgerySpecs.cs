using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// A purchase of liquidated collateral its buyer's own rule refuses, written by a forger (review of
/// the buyer side, CONFIRMED): the audit passed it; the honest story audits clean.
/// </summary>
public sealed class AccountLiquidationForgerySpecs
{
    /// <summary>The crash story of <see cref="AccountLiquidationStories"/>, liquidated to its end: the long closed, its debt sold to the keeper.</summary>
    private static ExchangeStory Liquidated(decimal keeperUsd)
    {
        var (s, trader, keeper, _) = AccountLiquidationStories.EthLongOnEth(keeperUsd);
        s.PriceIs(1_200m);
        for (var check = 0; check < 3; check++)
        {
            s.X.Send(new CheckCrossAccount(trader, s.Marks(), keeper, s.Now));
            // The crash tripped the breaker: the sale waits for the halt's end.
            s.PastHalt();
        }
        return s;
    }

    [Fact]
    public void The_honest_liquidation_audits_clean()
    {
        var s = Liquidated(keeperUsd: 10_000m);

        Assert.Single(s.X.Journal.Select(r => r.Event).OfType<CrossLiquidationStarted>());
        Assert.Single(s.X.Journal.Select(r => r.Event).OfType<LiquidatedCollateralBought>());
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    [Fact]
    public void A_purchase_beyond_the_buyers_free_USD_is_named()
    {
        // A keeper with 100 USD (130 with its reward for the closure) declines the 8,066 sale; the forger makes it a purchase, on both sides.
        var s = Liquidated(keeperUsd: 100m);
        var declined = s.X.Journal.Select(r => r.Event).OfType<LiquidatedCollateralDeclined>().First();
        var offer = s.X.Journal.Select(r => r.Event).OfType<CollateralSaleOrdered>().First(o => o.TransferId == declined.TransferId);

        var journal = AuditedJournal.Edited(s, e => e switch
        {
            LiquidatedCollateralDeclined d when d.TransferId == offer.TransferId =>
                new LiquidatedCollateralBought(d.AccountId, d.Seller, d.Liquidation, d.TransferId, offer.Asset, offer.Quantity, offer.Proceeds, d.At),
            CollateralSaleDeclined d when d.TransferId == offer.TransferId =>
                new CollateralSold(d.AccountId, d.Liquidation, d.TransferId, offer.Asset, offer.Quantity, offer.Proceeds, offer.Liquidator, d.At),
            _ => e,
        });

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "collateral-sale"
                                                                       && v.Found.StartsWith($"proceeds {offer.Proceeds}") && v.Found.EndsWith("above the buyer's free USD 130.0000"));
    }
}
