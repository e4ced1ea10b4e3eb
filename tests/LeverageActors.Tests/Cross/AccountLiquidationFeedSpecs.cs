using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Accounts.Liquidation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Cross;

/// <summary>Which account-liquidation events the public feed carries, and with what (the node story shows a sale on the feed).</summary>
public sealed class AccountLiquidationFeedSpecs
{
    private static readonly AccountId Trader = AccountId.From("t");
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_pools_payment_of_a_shortfall_is_a_shortfall_cover_on_its_market()
    {
        var paid = new AccountShortfallReceived(Trader, 1, MarketId.From("BTC-USD"), TransferId.From("t.liq1.3.2"), 1_200m, 700m, 500m, At);

        var activity = AccountLiquidationActivityOf.Event(paid, AccountState.Initial(Trader));

        Assert.Equal(new AccountLiquidationActivity(MarketId.From("BTC-USD"), AccountLiquidationActivityKind.ShortfallCovered, null, 0m, 0m,
            1_200m, 700m, At), activity);
    }

    [Fact]
    public void A_sale_the_account_has_no_order_for_is_not_published_and_steps_that_move_nothing_are_not_either()
    {
        var before = AccountState.Initial(Trader);
        var sold = new CollateralSold(Trader, 1, TransferId.From("t.liq1.2"), AssetId.From("ETH"), 1m, 1_140m, AccountId.From("keeper"), At);

        Assert.Null(AccountLiquidationActivityOf.Event(sold, before));
        Assert.Null(AccountLiquidationActivityOf.Event(new AccountLiquidationEnded(Trader, 1, [], 10m, 5m, At), before));
    }
}
