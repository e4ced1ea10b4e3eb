using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Assets;

/// <summary>Routes a message to the deposit ledger of the asset it names.</summary>
public interface IWithAsset : ILeverageMessage
{
    AssetId Asset { get; }
}
