using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

public enum AccountLiquidationActivityKind
{
    /// <summary>A liquidated account's collateral sold to the liquidator: <c>Quantity</c> of <c>Asset</c> at <c>Price</c> (the oracle's less the bonus) for <c>Amount</c> of USD.</summary>
    CollateralSold,

    /// <summary>A pool paid its share of a liquidated account's shortfall: <c>Amount</c>, of it <c>FromInsurance</c> from its insurance fund, the rest from its LPs.</summary>
    ShortfallCovered,
}

/// <summary>
/// A step of a cross account's liquidation for the public feed, published on <c>account-liquidation.{market}</c>
/// once persisted: the market whose asset was sold or whose pool paid. Like the trade tape it names
/// no account. (A cross position closed by the liquidation is on the feed as that position's <c>liquidation</c>.)
/// </summary>
public sealed record AccountLiquidationActivity(
    MarketId Market,
    AccountLiquidationActivityKind Kind,
    AssetId? Asset,
    decimal Quantity,
    decimal Price,
    decimal Amount,
    decimal FromInsurance,
    DateTimeOffset At) : ILeverageMessage
{
    public static string Topic(MarketId market) => "account-liquidation." + market.Value;
}
