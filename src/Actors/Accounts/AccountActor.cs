using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>The sharded entity <c>account-{id}</c> around <see cref="AccountState"/>.</summary>
public sealed class AccountActor(AccountId id, EntityRouter router)
    : EntityActor<AccountState, ILeverageEvent>(PersistenceIds.Account(id), AccountState.Initial(id), Tags, router)
{
    private static readonly ImmutableTags Tags = new("account");

    protected override object KeepAlive => new GetAccountBalance(id);
}
