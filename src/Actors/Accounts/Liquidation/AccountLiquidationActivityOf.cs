using LeverageActors.Messages.Accounts;

namespace LeverageActors.Actors.Accounts.Liquidation;

/// <summary>What a persisted account-liquidation event means for the public feed, if anything.</summary>
public static class AccountLiquidationActivityOf
{
    public static AccountLiquidationActivity? Event(object evt, AccountState before) => evt switch
    {
        // The sale's terms are the order's: the step in flight before the liquidator's payment was booked.
        CollateralSold e when before.Liquidation?.InFlight is CollateralSaleStep { Order: var order } && order.TransferId == e.TransferId =>
            new AccountLiquidationActivity(order.Mark.Market, AccountLiquidationActivityKind.CollateralSold, e.Asset, e.Quantity, order.Price,
                e.Proceeds, 0m, e.At),
        AccountShortfallReceived e => new AccountLiquidationActivity(e.Market, AccountLiquidationActivityKind.ShortfallCovered, null, 0m, 0m,
            e.Amount, e.FromInsurance, e.At),
        _ => null,
    };
}
