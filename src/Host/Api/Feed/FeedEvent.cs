using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Host.Api.Feed;

/// <summary>A message of the live feed as a Server-Sent Event: its name and its data.</summary>
public static class FeedEvent
{
    public static (string Name, object Data)? Of(object message) => message switch
    {
        PriceUpdated p => ("price", p),
        BreachNotice b => ("breach", b),
        PositionActivity { Kind: PositionActivityKind.Opened } a => ("open", a),
        PositionActivity { Kind: PositionActivityKind.Decreased } a => ("decrease", a),
        PositionActivity { Kind: PositionActivityKind.Closed } a => ("close", a),
        PositionActivity { Kind: PositionActivityKind.Liquidated } a => ("liquidation", a),
        PositionActivity { Kind: PositionActivityKind.AtRisk } a => ("at-risk", a),
        PositionActivity { Kind: PositionActivityKind.EarlyDeleverage } a => ("early-deleverage", a),
        AccountLiquidationActivity { Kind: AccountLiquidationActivityKind.CollateralSold } a => ("collateral-sale", a),
        AccountLiquidationActivity { Kind: AccountLiquidationActivityKind.ShortfallCovered } a => ("shortfall-cover", a),
        _ => null,
    };

    /// <summary>The market an event of the feed belongs to.</summary>
    public static string? MarketOf(object data) => data switch
    {
        PriceUpdated p => p.Market.Value,
        BreachNotice b => b.Market.Value,
        PositionActivity a => a.Market.Value,
        AccountLiquidationActivity a => a.Market.Value,
        _ => null,
    };

    public static IEnumerable<string> Topics(Messages.Ids.MarketId market) =>
        [PriceUpdated.Topic(market), BreachNotice.Topic(market), PositionActivity.Topic(market), AccountLiquidationActivity.Topic(market)];
}
