namespace LeverageActors.Messages.Common;

/// <summary>
/// Why a command was refused: a stable machine-readable code (the HTTP problem type is derived
/// from it) and a sentence a caller can show to a person.
/// </summary>
public sealed record Rejection(string Code, string Message) : ILeverageMessage;

/// <summary>The codes are part of the public contract: add new ones, never rename.</summary>
public static class RejectionCodes
{
    public const string InvalidAmount = "invalid-amount";
    public const string InsufficientBalance = "insufficient-balance";

    /// <summary>A withdrawal that would take funds held for the account's own request waiting for its next price.</summary>
    public const string FundsHeldForExecution = "funds-held-for-execution";

    /// <summary>A market the decision needs has no fresh oracle price: nothing was done, and the same request may be sent again.</summary>
    public const string StalePrice = "stale-price";
    public const string AccountNotFound = "account-not-found";
    public const string AccountAlreadyExists = "account-already-exists";
    public const string UnknownMarket = "unknown-market";
    public const string InvalidLeverage = "leverage-out-of-range";
    public const string InvalidPrice = "invalid-price";
    public const string InsufficientLiquidity = "insufficient-pool-liquidity";
    public const string UtilizationCap = "utilization-cap";
    public const string OpenInterestCap = "open-interest-cap";
    public const string PoolOpenInterestCap = "pool-open-interest-cap";
    public const string PositionNotFound = "position-not-found";
    public const string PositionAlreadyExists = "position-already-exists";
    public const string PositionNotOpen = "position-not-open";
    public const string NotPositionOwner = "not-position-owner";
    public const string BelowInitialMargin = "below-initial-margin";
    public const string InvalidFraction = "invalid-fraction";
    public const string InsufficientShares = "insufficient-shares";
    public const string PoolEmpty = "pool-empty";
    public const string RequestInProgress = "request-in-progress";

    /// <summary>The position is below maintenance and waits for its liquidator: only a close, or one addition of collateral, is taken until one has acted.</summary>
    public const string LiquidationPending = "liquidation-pending";
    public const string TransferClosed = "transfer-closed";

    /// <summary>A collateral addition whose account did not lock it before a liquidation, margin check, trade or trigger had waited too long for it, or before its marks were older than the market's price age: nothing was added.</summary>
    public const string AdditionTimedOut = "addition-timed-out";

    /// <summary>An open whose account or pool had not answered once its price was older than the market's price age: nothing was opened, and the lock and reservation are undone.</summary>
    public const string OpenLapsed = "open-lapsed";
    public const string MarketHalted = "market-halted";
    public const string PositionTooSmall = "position-too-small";
    public const string WithdrawalsPaused = "withdrawals-paused";

    /// <summary>An LP deposit while the market has a breach not yet liquidated: the pool's value leaves out the cover that liquidation brings.</summary>
    public const string DepositsPaused = "deposits-paused";
    public const string DepositBelowMinimum = "deposit-below-minimum";
    public const string DepositRoundsToLoss = "deposit-rounds-to-loss";
    public const string UnknownAsset = "unknown-asset";
    public const string DepositCapReached = "deposit-cap-reached";
    public const string InsufficientAssetBalance = "insufficient-asset-balance";

    /// <summary>A cross open the account's cross equity does not cover at the initial requirement.</summary>
    public const string InsufficientCrossMargin = "insufficient-cross-margin";

    /// <summary>A withdrawal (or any spend) that would leave cross equity below the initial requirement, or USD in debt.</summary>
    public const string WithdrawalBreachesMargin = "withdrawal-breaches-margin";

    /// <summary>The account is being liquidated: nothing leaves it and no cross position opens until it ends.</summary>
    public const string AccountUnderLiquidation = "account-under-liquidation";

    /// <summary>A liquidator's account will not buy a liquidated account's collateral (too little free USD, ...).</summary>
    public const string CollateralSaleRefused = "collateral-sale-refused";

    /// <summary>Collateral added to or removed from a cross position, which holds none of its own.</summary>
    public const string CrossPositionCollateral = "cross-position-collateral";

    /// <summary>An account's liquidation order to an isolated position: only a cross position's margin is its account's.</summary>
    public const string NotCrossPosition = "not-cross-position";

    /// <summary>The leverage is above 1 / the initial margin the market's volatility requires now (dynamic margin).</summary>
    public const string AboveMarginRequirement = "leverage-above-margin-requirement";

    /// <summary>A trigger order's price is not positive, or absurdly far from the price now.</summary>
    public const string InvalidTriggerPrice = "invalid-trigger-price";

    /// <summary>A stop-loss or take-profit on the side of the price where it would execute at once (or never as its kind).</summary>
    public const string TriggerWrongSide = "trigger-wrong-side";

    /// <summary>The position already holds as many trigger orders as it may.</summary>
    public const string TooManyTriggers = "too-many-triggers";

    /// <summary>No such trigger on the position: never placed, or already executed or cancelled.</summary>
    public const string TriggerNotFound = "trigger-not-found";

    /// <summary>The account holds as many API keys as it may: revoke one before adding another.</summary>
    public const string TooManyApiKeys = "too-many-api-keys";

    /// <summary>The key a call on the account's keys was made with is no longer the account's (revoked meanwhile): the API's own code.</summary>
    public const string InvalidApiKey = "invalid-api-key";

    /// <summary>The account has no key of that id: never added, or already revoked.</summary>
    public const string ApiKeyNotFound = "api-key-not-found";

    /// <summary>Revoking would leave the account no key: its funds could never be moved again.</summary>
    public const string LastApiKey = "last-api-key";

    /// <summary>The operator's first key for an account that holds one already: its holders add keys themselves.</summary>
    public const string AccountHoldsKey = "account-holds-key";

    /// <summary>Trigger orders are on isolated positions only: a cross position is watched by its account.</summary>
    public const string CrossPositionTriggers = "cross-position-triggers";

    /// <summary>A request id already recorded with other terms: the API's Idempotency-Key reused for another request.</summary>
    public const string IdempotencyKeyReused = "idempotency-key-reused";

    /// <summary>A late copy of a settlement the pool made, whose position has recorded it and whose answer the pool has forgotten.</summary>
    public const string SettlementRecorded = "settlement-recorded";
}
