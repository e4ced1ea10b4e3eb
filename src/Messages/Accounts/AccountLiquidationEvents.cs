using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// A cross account's liquidation (issue 16 item 3), one persisted event per step: its start, each
/// order it gives (close a cross position, sell a collateral asset, ask pools to cover a shortfall),
/// how each order ended, and its end. <c>Liquidation</c> is the account's own number for it.
/// </summary>
public interface IAccountLiquidationEvent : ILeverageEvent
{
    AccountId AccountId { get; }

    DateTimeOffset At { get; }
}

/// <summary>At <c>Marks</c> the account's maintenance equity was below its requirement (or below zero with a USD debt and no position).</summary>
public sealed record AccountLiquidationStarted(
    AccountId AccountId, int Liquidation, IReadOnlyList<MarketMark> Marks, decimal Equity, decimal Requirement, AccountId Liquidator, DateTimeOffset At)
    : IAccountLiquidationEvent
{
    /// <summary>
    /// This liquidation charges its fees, penalties and sale discounts only from what the account has
    /// (its liquidation value, the steps' <c>ChargeCap</c>); a liquidation started before that rule
    /// (false, not written) charges them whole, as the journal recorded it.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool ChargesCapped { get; init; }
}

/// <summary>
/// Step <c>Step</c>: the account orders <c>Fraction</c> of its cross position closed at <c>Mark</c>, decided at
/// <c>Marks</c>; done when the position reports its settlement under <c>SettleTransfer</c>.
/// </summary>
public sealed record CrossPositionLiquidationOrdered(
    AccountId AccountId, int Liquidation, int Step, TransferId SettleTransfer, PositionId PositionId, decimal Fraction, MarketMark Mark,
    IReadOnlyList<MarketMark> Marks, AccountId Liquidator, DateTimeOffset At) : IAccountLiquidationEvent
{
    /// <summary>The most the closure's fee and penalty may take together: the account's liquidation value at <c>Marks</c>, at least 0; null where uncapped.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal? ChargeCap { get; init; }
}

/// <summary>The position refused the closure (it will never take it): the step ends without a settlement.</summary>
public sealed record CrossPositionLiquidationRefused(
    AccountId AccountId, int Liquidation, TransferId SettleTransfer, PositionId PositionId, Rejection Reason, DateTimeOffset At)
    : IAccountLiquidationEvent;

/// <summary>
/// Step <c>Step</c>: <c>Quantity</c> of <c>Asset</c> leaves the balance, offered to <c>Liquidator</c> at
/// <c>Price</c> = the oracle's <c>Mark</c> × (1 − <c>Bonus</c>) for <c>Proceeds</c> of USD, decided at <c>Marks</c>.
/// </summary>
public sealed record CollateralSaleOrdered(
    AccountId AccountId, int Liquidation, int Step, TransferId TransferId, AssetId Asset, decimal Quantity, MarketMark Mark, decimal Bonus,
    decimal Price, decimal Proceeds, IReadOnlyList<MarketMark> Marks, AccountId Liquidator, DateTimeOffset At) : IAccountLiquidationEvent;

/// <summary>The liquidator paid: <c>Proceeds</c> of USD came in for the asset that left.</summary>
public sealed record CollateralSold(
    AccountId AccountId, int Liquidation, TransferId TransferId, AssetId Asset, decimal Quantity, decimal Proceeds, AccountId Liquidator,
    DateTimeOffset At) : IAccountLiquidationEvent;

/// <summary>The liquidator declined (too little USD, ...): the asset comes back; the first check after the back-off decides again.</summary>
public sealed record CollateralSaleDeclined(
    AccountId AccountId, int Liquidation, TransferId TransferId, AssetId Asset, decimal Quantity, Rejection Reason, DateTimeOffset At)
    : IAccountLiquidationEvent;

/// <summary>One pool's part of an account's shortfall: in proportion to <c>Loss</c>, what its positions lost in the liquidation.</summary>
public sealed record ShortfallShare(MarketId Market, TransferId TransferId, decimal Loss, decimal Amount);

/// <summary>Step <c>Step</c>: nothing is left to sell and USD is <c>−Shortfall</c>; each pool is asked for its share.</summary>
public sealed record AccountShortfallOrdered(
    AccountId AccountId, int Liquidation, int Step, decimal Shortfall, IReadOnlyList<ShortfallShare> Shares, IReadOnlyList<MarketMark> Marks,
    DateTimeOffset At) : IAccountLiquidationEvent;

/// <summary>A pool paid its share: from its insurance fund, then its LPs.</summary>
public sealed record AccountShortfallReceived(
    AccountId AccountId, int Liquidation, MarketId Market, TransferId TransferId, decimal Amount, decimal FromInsurance, decimal FromLiquidity,
    DateTimeOffset At) : IAccountLiquidationEvent;

/// <summary>At <c>Marks</c> the account was healthy with the buffer, or held no position and owed nothing: the liquidation is over.</summary>
public sealed record AccountLiquidationEnded(
    AccountId AccountId, int Liquidation, IReadOnlyList<MarketMark> Marks, decimal Equity, decimal Requirement, DateTimeOffset At)
    : IAccountLiquidationEvent;

/// <summary>The liquidator's side of a sale: it paid <c>Proceeds</c> of USD and received <c>Quantity</c> of <c>Asset</c> from <c>Seller</c>.</summary>
public sealed record LiquidatedCollateralBought(
    AccountId AccountId, AccountId Seller, int Liquidation, TransferId TransferId, AssetId Asset, decimal Quantity, decimal Proceeds,
    DateTimeOffset At) : IAccountLiquidationEvent;

/// <summary>The liquidator declined the sale, for good: a retry of the same transfer is declined again.</summary>
public sealed record LiquidatedCollateralDeclined(
    AccountId AccountId, AccountId Seller, int Liquidation, TransferId TransferId, Rejection Reason, DateTimeOffset At) : IAccountLiquidationEvent;
