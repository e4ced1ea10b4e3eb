using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts.Operations;

/// <summary>A withdrawal already paid out, telling its asset's ledger to free the room it took.</summary>
public sealed record AssetWithdrawal(AssetWithdrawn Withdrawn) : AssetRequest
{
    public override RequestId RequestId => Withdrawn.RequestId;

    public override object Message =>
        new ReleaseAssetDeposit(Withdrawn.Asset, Withdrawn.AccountId, Withdrawn.RequestId, Withdrawn.Amount, Withdrawn.At);

    public override ILeverageEvent? Answer(object reply) => reply is AssetReleaseAcknowledged
        ? new AssetWithdrawalSettled(Withdrawn.AccountId, Withdrawn.RequestId, Withdrawn.Asset, Withdrawn.At)
        : null;
}
