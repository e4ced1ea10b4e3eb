using System.Text.Json.Serialization;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// An account's events about its collateral assets other than USD. Like every account event each
/// names the request that caused it; a family of its own, since USD's events are the account's
/// original schema and these came later.
/// </summary>
public interface IAccountAssetEvent : ILeverageEvent
{
    AccountId AccountId { get; }

    RequestId RequestId { get; }

    DateTimeOffset At { get; }
}

/// <summary>A collateral deposit asked the asset's ledger for room under its cap; nothing is credited yet.</summary>
public sealed record AssetDepositStarted(AccountId AccountId, RequestId RequestId, AssetId Asset, decimal Amount, DateTimeOffset At)
    : IAccountAssetEvent;

/// <summary>The ledger admitted it: the asset's balance grows.</summary>
public sealed record AssetDeposited(AccountId AccountId, RequestId RequestId, AssetId Asset, decimal Amount, DateTimeOffset At)
    : IAccountAssetEvent;

/// <summary>The ledger refused (the cap): nothing was credited.</summary>
public sealed record AssetDepositRefused(AccountId AccountId, RequestId RequestId, AssetId Asset, decimal Amount, Rejection Reason, DateTimeOffset At)
    : IAccountAssetEvent;

/// <summary>The amount left the asset's balance for its owner; the ledger is told until it acknowledges.</summary>
public sealed record AssetWithdrawn(AccountId AccountId, RequestId RequestId, AssetId Asset, decimal Amount, DateTimeOffset At)
    : IAccountAssetEvent
{
    /// <summary>The marks a cross-margin account is valued at before this leaves it; null when none was needed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MarketMark>? Marks { get; init; }
}

/// <summary>The ledger freed the withdrawn amount's room under the cap.</summary>
public sealed record AssetWithdrawalSettled(AccountId AccountId, RequestId RequestId, AssetId Asset, DateTimeOffset At)
    : IAccountAssetEvent;
