using LeverageActors.Messages;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts.Operations;

/// <summary>
/// Money on its way into a pool or shares on their way out: the command the account sends the
/// pool until it answers, and the event the answer becomes.
/// </summary>
public abstract record PoolRequest
{
    public abstract RequestId RequestId { get; }

    /// <summary>What the account sends, and sends again after a restart, until the pool answers.</summary>
    public abstract object Message { get; }

    /// <summary>The event the pool's <paramref name="reply"/> becomes; null when it is not an answer to this request.</summary>
    public abstract ILeverageEvent? Answer(AccountId account, object reply);
}
