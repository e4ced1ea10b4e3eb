using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>The sharded entity <c>account-{id}</c> around <see cref="AccountState"/>.</summary>
public sealed class AccountActor(AccountId id, MarketCatalog catalog, EntityRouter router)
    : EntityActor<AccountState, ILeverageEvent>(PersistenceIds.Account(id), AccountState.Initial(id, catalog), Tags, router)
{
    private static readonly ImmutableTags Tags = new("account");

    /// <summary>An account under the default markets' collateral assets.</summary>
    public AccountActor(AccountId id, EntityRouter router)
        : this(id, MarketCatalog.Default, router)
    {
    }

    protected override object KeepAlive => new GetAccountBalance(id);
}
