using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Assets;

/// <summary>An account asks room under the asset's cap for a deposit; sent again until answered.</summary>
public sealed record AdmitAssetDeposit(AssetId Asset, AccountId Account, RequestId RequestId, decimal Amount, DateTimeOffset At)
    : IWithAsset;

/// <summary>An account gave an amount back to its owner: the ledger frees that room; sent again until acknowledged.</summary>
public sealed record ReleaseAssetDeposit(AssetId Asset, AccountId Account, RequestId RequestId, decimal Amount, DateTimeOffset At)
    : IWithAsset;

public sealed record GetAssetLedger(AssetId Asset) : IWithAsset;

/// <summary>How much of the asset accounts hold together, against its cap.</summary>
public sealed record AssetLedgerView(AssetId Asset, decimal Deposited, decimal Cap) : ILeverageMessage;

/// <summary>The ledger's answer to an admission: <c>Refusal</c> is null when the deposit fits under the cap.</summary>
public sealed record AssetDepositAnswered(AccountId AccountId, RequestId RequestId, AssetId Asset, Rejection? Refusal = null)
    : IWithAccountId;

public sealed record AssetReleaseAcknowledged(AccountId AccountId, RequestId RequestId, AssetId Asset) : IWithAccountId;
