using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>A collateral deposit asked the asset's ledger for room under its cap; nothing is credited yet.</summary>
public sealed record AssetDepositStarted(AccountId AccountId, RequestId RequestId, AssetId Asset, decimal Amount, DateTimeOffset At)
    : IAccountEvent;

/// <summary>The ledger admitted it: the asset's balance grows.</summary>
public sealed record AssetDeposited(AccountId AccountId, RequestId RequestId, AssetId Asset, decimal Amount, DateTimeOffset At)
    : IAccountEvent;

/// <summary>The ledger refused (the cap): nothing was credited.</summary>
public sealed record AssetDepositRefused(AccountId AccountId, RequestId RequestId, AssetId Asset, decimal Amount, Rejection Reason, DateTimeOffset At)
    : IAccountEvent;

/// <summary>The amount left the asset's balance for its owner; the ledger is told until it acknowledges.</summary>
public sealed record AssetWithdrawn(AccountId AccountId, RequestId RequestId, AssetId Asset, decimal Amount, DateTimeOffset At)
    : IAccountEvent;

/// <summary>The ledger freed the withdrawn amount's room under the cap.</summary>
public sealed record AssetWithdrawalSettled(AccountId AccountId, RequestId RequestId, AssetId Asset, DateTimeOffset At)
    : IAccountEvent;
