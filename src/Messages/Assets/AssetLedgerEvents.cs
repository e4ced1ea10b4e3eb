using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Assets;

/// <summary>An event of an asset's deposit ledger (<c>asset-{id}</c>), one per deposit admitted or released.</summary>
public interface IAssetLedgerEvent : ILeverageEvent
{
    AssetId Asset { get; }

    DateTimeOffset At { get; }
}

public sealed record AssetDepositAdmitted(AssetId Asset, AccountId Account, RequestId RequestId, decimal Amount, DateTimeOffset At)
    : IAssetLedgerEvent;

public sealed record AssetDepositReleased(AssetId Asset, AccountId Account, RequestId RequestId, decimal Amount, DateTimeOffset At)
    : IAssetLedgerEvent;

/// <summary>
/// The deposit did not fit under the cap. Recorded, so the decision is final: a copy of the request
/// still on its way after room was freed is refused again, never admitted behind the account's back.
/// </summary>
public sealed record AssetDepositDeclined(AssetId Asset, AccountId Account, RequestId RequestId, decimal Amount, Rejection Reason, DateTimeOffset At)
    : IAssetLedgerEvent;
