using LeverageActors.Messages.Common;
using Microsoft.AspNetCore.Http;

namespace LeverageActors.Host.Api.Problems;

/// <summary>
/// Every problem the API answers with. Codes are a public contract: add, never rename. The
/// domain's rejection codes are reused as they are, so a refusal reads the same in the journal,
/// the logs and the API.
/// </summary>
public static class ProblemKinds
{
    public static readonly ProblemKind Validation = new("validation-error", 400, "The request has invalid fields");
    public static readonly ProblemKind MalformedJson = new("malformed-json", 400, "The body is not the JSON this endpoint takes");
    public static readonly ProblemKind UnsupportedMediaType = new("unsupported-media-type", 415, "The body must be application/json");
    public static readonly ProblemKind BodyTooLarge = new("body-too-large", 413, "The body is too large");
    public static readonly ProblemKind MissingKey = new("missing-api-key", 401, "An API key is required");
    public static readonly ProblemKind InvalidKey = new("invalid-api-key", 401, "The API key is not valid");
    public static readonly ProblemKind OperatorOnly = new("operator-only", 403, "Only the operator may do this");
    public static readonly ProblemKind NotFound = new("not-found", 404, "No such resource");
    public static readonly ProblemKind MethodNotAllowed = new("method-not-allowed", 405, "This path does not take that method");
    public static readonly ProblemKind InvalidIdempotencyKey = new("invalid-idempotency-key", 400, "The Idempotency-Key header is not valid");
    public static readonly ProblemKind IdempotencyKeyReused = new("idempotency-key-reused", 422, "The Idempotency-Key was used for a different request");
    public static readonly ProblemKind RateLimited = new("rate-limited", 429, "Too many requests from this client", Passes: true);
    public static readonly ProblemKind StalePrice = new("stale-price", 503, "The market has no fresh oracle price");
    public static readonly ProblemKind Timeout = new("timeout", 504, "The request is still running; retry it with the same Idempotency-Key");
    public static readonly ProblemKind Unavailable = new("unavailable", 503, "The node is starting or stopping");
    public static readonly ProblemKind Internal = new("internal-error", 500, "The node failed to answer; the error is in its log");
    public static readonly ProblemKind KeyAlreadyAdded = new("api-key-already-added", 409, "This request added a key already; its secret was shown once");
    public static readonly ProblemKind PoolBusy = new("pool-busy", 503, "The pool is checking other LP requests; retry", Passes: true);

    private static readonly ProblemKind[] Domain =
    [
        new(RejectionCodes.InvalidAmount, 400, "The amount is not valid"),
        new(RejectionCodes.InvalidLeverage, 400, "The leverage is outside the market's range"),
        new(RejectionCodes.InvalidPrice, 400, "The price is not valid"),
        new(RejectionCodes.InvalidFraction, 400, "The fraction must be between 0 and 1"),
        new(RejectionCodes.UnknownMarket, 404, "The market is not traded here"),
        new(RejectionCodes.AccountNotFound, 404, "No such account"),
        new(RejectionCodes.PositionNotFound, 404, "No such position"),
        new(RejectionCodes.NotPositionOwner, 404, "No such position"),
        new(RejectionCodes.InsufficientBalance, 422, "The free balance is too low"),
        new(RejectionCodes.InsufficientLiquidity, 422, "The pool has too little free liquidity"),
        new(RejectionCodes.UtilizationCap, 422, "The pool would pass its utilization cap"),
        new(RejectionCodes.OpenInterestCap, 422, "The market would pass its open-interest cap"),
        new(RejectionCodes.PoolOpenInterestCap, 422, "The side would pass its open-interest share of the pool's value"),
        new(RejectionCodes.BelowInitialMargin, 422, "The position would fall below its initial margin"),
        new(RejectionCodes.InsufficientShares, 422, "The account holds fewer pool shares"),
        new(RejectionCodes.PoolEmpty, 422, "The pool holds no liquidity"),
        new(RejectionCodes.PositionNotOpen, 409, "The position is not open"),
        new(RejectionCodes.MarketHalted, 409, "The market's circuit breaker refuses new risk", Passes: true),
        new(RejectionCodes.RequestInProgress, 409, "The position is busy with another request", Passes: true),
        new(RejectionCodes.LiquidationPending, 409, "The position is below maintenance and waits for its liquidator", Passes: true),
        new(RejectionCodes.FundsHeldForExecution, 409, "Funds are held for a request of this account waiting for its next price", Passes: true),
        new(RejectionCodes.AccountAlreadyExists, 409, "The account already exists"),
        new(RejectionCodes.PositionAlreadyExists, 409, "The position already exists"),
        new(RejectionCodes.TransferClosed, 409, "The transfer is already closed"),
        new(RejectionCodes.AdditionTimedOut, 409, "The account did not lock the collateral in time; nothing was added"),
        new(RejectionCodes.OpenLapsed, 409, "The open was not carried out before its price went stale; nothing was opened"),
        new(RejectionCodes.PositionTooSmall, 422, "The position's notional is below the market's minimum, or it borrows nothing, or a decrease would settle or leave less than the minimum, or a trigger order would settle less than it"),
        new(RejectionCodes.WithdrawalsPaused, 409, "LP withdrawals wait while a breach is unresolved or the market is halted", Passes: true),
        new(RejectionCodes.DepositsPaused, 409, "LP deposits wait while a breach is unresolved", Passes: true),
        new(RejectionCodes.DepositBelowMinimum, 422, "A pool's first deposit is below the market's minimum"),
        new(RejectionCodes.DepositRoundsToLoss, 422, "At the share price the deposit would buy shares worth less than it"),
        new(RejectionCodes.UnknownAsset, 422, "The asset is not a collateral asset here"),
        new(RejectionCodes.DepositCapReached, 422, "The asset's deposit cap would be passed"),
        new(RejectionCodes.InsufficientAssetBalance, 422, "The account holds less of the asset"),
        new(RejectionCodes.AboveMarginRequirement, 422, "The leverage is above what the market's margin requirement allows now"),
        new(RejectionCodes.InsufficientCrossMargin, 422, "The account's cross equity does not cover the initial requirement with the position"),
        new(RejectionCodes.WithdrawalBreachesMargin, 422, "The withdrawal would leave cross equity below the initial requirement, or USD in debt"),
        new(RejectionCodes.CrossPositionCollateral, 422, "A cross position holds no collateral of its own"),
        new(RejectionCodes.AccountUnderLiquidation, 409, "The account is being liquidated: nothing leaves it and no cross position opens until it ends", Passes: true),
        new(RejectionCodes.CollateralSaleRefused, 409, "The liquidator's account will not buy the collateral"),
        new(RejectionCodes.InvalidTriggerPrice, 400, "The trigger price is not positive or is absurdly far from the price"),
        new(RejectionCodes.TriggerWrongSide, 422, "The trigger price is on the wrong side of the price for its kind"),
        new(RejectionCodes.TooManyTriggers, 422, "The position holds as many trigger orders as it may"),
        new(RejectionCodes.TriggerNotFound, 404, "No such trigger on the position"),
        new(RejectionCodes.CrossPositionTriggers, 422, "Trigger orders are for isolated positions"),
        new(RejectionCodes.TooManyApiKeys, 409, "The account holds as many API keys as it may"),
        new(RejectionCodes.ApiKeyNotFound, 404, "The account has no such API key"),
        new(RejectionCodes.LastApiKey, 409, "An account keeps at least one API key"),
        new(RejectionCodes.AccountHoldsKey, 409, "The account holds a key already: its holders add keys"),
    ];

    public static IReadOnlyList<ProblemKind> All { get; } =
    [
        Validation, MalformedJson, UnsupportedMediaType, BodyTooLarge, MissingKey, InvalidKey, OperatorOnly, NotFound, MethodNotAllowed,
        InvalidIdempotencyKey, IdempotencyKeyReused, RateLimited, StalePrice, Timeout, Unavailable, Internal, PoolBusy, KeyAlreadyAdded, .. Domain,
    ];

    private static readonly IReadOnlyDictionary<string, ProblemKind> ByCode = All.ToDictionary(k => k.Code);

    /// <summary>A domain refusal as a problem; an unlisted code is a 422 under its own name.</summary>
    public static ApiAnswer Of(Rejection rejection) =>
        (ByCode.GetValueOrDefault(rejection.Code) ?? new ProblemKind(rejection.Code, StatusCodes.Status422UnprocessableEntity, "The request was refused"))
        .Answer(rejection.Message);

    public static ProblemKind? Find(string code) => ByCode.GetValueOrDefault(code);
}
