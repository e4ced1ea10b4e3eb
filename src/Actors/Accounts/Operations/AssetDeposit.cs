using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts.Operations;

/// <summary>A deposit asking its asset's ledger for room: credited once admitted, refused at the cap.</summary>
public sealed record AssetDeposit(AssetDepositStarted Started) : AssetRequest
{
    public override RequestId RequestId => Started.RequestId;

    public override object Message =>
        new AdmitAssetDeposit(Started.Asset, Started.AccountId, Started.RequestId, Started.Amount, Started.At);

    public override ILeverageEvent? Answer(object reply) => reply switch
    {
        AssetDepositAnswered { Refusal: null } => new AssetDeposited(Started.AccountId, Started.RequestId, Started.Asset, Started.Amount, Started.At),
        AssetDepositAnswered { Refusal: { } refusal } =>
            new AssetDepositRefused(Started.AccountId, Started.RequestId, Started.Asset, Started.Amount, refusal, Started.At),
        _ => null,
    };
}
