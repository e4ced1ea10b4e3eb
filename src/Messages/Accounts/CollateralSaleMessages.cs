using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// A liquidated account (<c>Seller</c>) offers <c>Quantity</c> of <c>Asset</c> to the liquidator's account
/// (<c>AccountId</c>) for <c>Proceeds</c> of USD from the liquidator's free balance. Sent again until
/// answered; idempotent by <c>TransferId</c>. Answered with <see cref="LiquidatedCollateralAnswer"/> to the seller.
/// </summary>
public sealed record BuyLiquidatedCollateral(
    AccountId AccountId, AccountId Seller, int Liquidation, TransferId TransferId, AssetId Asset, decimal Quantity, decimal Proceeds,
    DateTimeOffset At) : IWithAccountId;

/// <summary>The liquidator's answer, to the seller (<c>AccountId</c>): bought, or a refusal that stands for that transfer.</summary>
public sealed record LiquidatedCollateralAnswer(AccountId AccountId, TransferId TransferId, bool Bought, Rejection? Refusal = null) : IWithAccountId;
