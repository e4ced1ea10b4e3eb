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
