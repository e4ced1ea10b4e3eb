using LeverageActors.Messages;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts.Operations;

/// <summary>
/// A collateral deposit waiting for room under its asset's cap, or a withdrawal the asset's ledger
/// has yet to hear of: the message the account sends until answered, and the event the answer becomes.
/// </summary>
public abstract record AssetRequest
{
    public abstract RequestId RequestId { get; }

    public abstract object Message { get; }

    /// <summary>The event the ledger's <paramref name="reply"/> becomes; null when it does not answer this request.</summary>
    public abstract ILeverageEvent? Answer(object reply);
}
