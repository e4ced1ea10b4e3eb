using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Common;

/// <summary>
/// What a trader asked for, without when or at which oracle price: the terms a retry under the
/// same request id must repeat, or be refused as a reused key. Read from the command when it
/// arrives and from the event that recorded it on replay: each of those events already holds
/// every term, so the journal needs no new field, and journals written before this rule protect
/// their requests too, after a restart and on any node. Decimals compare by value (7.5 = 7.50).
/// </summary>
public sealed record RequestIntent(string Operation, MarketId? Market = null, PositionSide? Side = null, decimal Amount = 0, decimal Leverage = 0, AssetId? Asset = null)
{
    /// <summary>The terms of a trader's command; null for a message that is not a trader request.</summary>
    public static RequestIntent? Asked(object command) => command switch
    {
        OpenAccount => new("open-account"),
        AddApiKey => new("add-api-key"),
        RevokeApiKey or RevokeOtherApiKeys => new("revoke-api-keys"),
        DepositFunds c => new("deposit", Amount: c.Amount),
        WithdrawFunds c => new("withdraw", Amount: c.Amount),
        DepositAsset c => new("deposit", Amount: c.Amount, Asset: c.Asset),
        WithdrawAsset c => new("withdraw", Amount: c.Amount, Asset: c.Asset),
        ProvideLiquidity c => new("provide-liquidity", c.Market, Amount: c.Amount),
        WithdrawLiquidity c => new("withdraw-liquidity", c.Market, Amount: c.Shares),
        OpenPosition c => new(OpenOperation(c.Cross), c.Market, c.Side, c.Collateral, c.Leverage),
        AddCollateral c => new("add-collateral", Amount: c.Amount),
        RemoveCollateral c => new("remove-collateral", Amount: c.Amount),
        DecreasePosition c => new("settle", Amount: c.Fraction),
        ClosePosition => new("settle", Amount: 1m),
        // A trigger's fraction rides in the slot it has no other use for.
        PlaceTrigger c => new($"place-{c.Kind}", Amount: c.TriggerPrice, Leverage: c.Fraction),
        CancelTrigger c => new("cancel-trigger", Amount: c.Trigger),
        _ => null,
    };

    /// <summary>The request an event records and its terms; null for an event that records none.</summary>
    public static (RequestId Request, RequestIntent Intent)? Recorded(object evt) => evt switch
    {
        AccountOpened e => (e.RequestId, new("open-account")),
        ApiKeyAdded e => (e.RequestId, new("add-api-key")),
        ApiKeysRevoked e => (e.RequestId, new("revoke-api-keys")),
        FundsDeposited e => (e.RequestId, new("deposit", Amount: e.Amount)),
        FundsWithdrawn e => (e.RequestId, new("withdraw", Amount: e.Amount)),
        AssetDepositStarted e => (e.RequestId, new("deposit", Amount: e.Amount, Asset: e.Asset)),
        AssetWithdrawn e => (e.RequestId, new("withdraw", Amount: e.Amount, Asset: e.Asset)),
        PoolDepositStarted e => (e.RequestId, new("provide-liquidity", e.Market, Amount: e.Amount)),
        PoolWithdrawalStarted e => (e.RequestId, new("withdraw-liquidity", e.Market, Amount: e.Shares)),
        PositionOpenRequested e => (e.RequestId, new(OpenOperation(e.Cross), e.Market, e.Side, e.Collateral, e.Leverage)),
        CollateralIncreaseRequested e => (e.RequestId, new("add-collateral", Amount: e.Amount)),
        CollateralDecreaseRequested e => (e.RequestId, new("remove-collateral", Amount: e.Amount)),
        PositionSettlementRequested e => (e.RequestId, new("settle", Amount: e.Fraction)),
        TriggerPlaced e => (e.RequestId, new($"place-{e.Kind}", Amount: e.TriggerPrice, Leverage: e.Fraction)),
        TriggerCancelled e => (e.RequestId, new("cancel-trigger", Amount: e.Trigger)),
        _ => null,
    };

    /// <summary>An isolated open and a cross one are different requests: a retry flipping it was answered as the first (a review).</summary>
    private static string OpenOperation(bool cross) => cross ? "open-cross-position" : "open-position";

    /// <summary>Why a request id already recorded with other terms is refused; null when the terms match or were never recorded.</summary>
    public static Rejection? Reused(IReadOnlyDictionary<RequestId, RequestIntent> recorded, RequestId request, object command) =>
        recorded.TryGetValue(request, out var first) && Asked(command) is { } asked && asked != first
            ? new Rejection(RejectionCodes.IdempotencyKeyReused,
                $"Request {request} was first made as {first.Operation} with other terms; a different request needs a different id.")
            : null;
}
