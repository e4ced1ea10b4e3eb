using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts.Liquidation;

/// <summary>What <see cref="AccountLiquidation.Next"/> decides an open liquidation does at some marks.</summary>
public abstract record LiquidationDecision;

/// <summary>Close <c>Fraction</c> of a cross position at its market's mark, its fee and penalty together at most <c>ChargeCap</c> (null: uncapped).</summary>
public sealed record CloseCrossPosition(PositionId PositionId, decimal Fraction, MarketMark Mark, decimal? ChargeCap = null) : LiquidationDecision;

/// <summary>Sell <c>Quantity</c> of <c>Asset</c> to the liquidator at <c>Price</c> (mark × (1 − bonus), or nearer the mark where capped), for <c>Proceeds</c>.</summary>
public sealed record SellCollateral(AssetId Asset, decimal Quantity, MarketMark Mark, decimal Bonus, decimal Price, decimal Proceeds)
    : LiquidationDecision;

/// <summary>Nothing is left to sell: ask the pools for <c>Shortfall</c>, each its share.</summary>
public sealed record CoverShortfall(decimal Shortfall, IReadOnlyList<(MarketId Market, decimal Loss, decimal Amount)> Shares) : LiquidationDecision;

/// <summary>Healthy with the buffer, or no position and no debt: the liquidation ends.</summary>
public sealed record EndLiquidation : LiquidationDecision;

/// <summary>Nothing can be decided at these marks (a market unpriced): wait for the next check.</summary>
public sealed record WaitForPrices(string Unpriced) : LiquidationDecision;

/// <summary>An owner's cross settlement is in flight: its fee and impact are not yet known, so no step is charged against the account's value before it lands.</summary>
public sealed record WaitForSettlements : LiquidationDecision;

/// <summary>The liquidator declined the last sale: no new offer before <c>Until</c>, so a broke liquidator costs no journal rows.</summary>
public sealed record WaitForLiquidator(DateTimeOffset Until) : LiquidationDecision;
