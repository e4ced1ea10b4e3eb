using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LeverageActors.Actors.Accounts.Liquidation;
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

    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;

    /// <summary>An account under the default markets' collateral assets.</summary>
    public AccountActor(AccountId id, EntityRouter router)
        : this(id, MarketCatalog.Default, router)
    {
    }

    protected override object KeepAlive => new GetAccountBalance(id);

    /// <summary>A liquidation's collateral sales and shortfall covers go to the live feed, without the account.</summary>
    protected override void OnPersisted(ILeverageEvent evt, AccountState before, AccountState after)
    {
        if (AccountLiquidationActivityOf.Event(evt, before) is { } activity)
            _mediator.Tell(new Publish(AccountLiquidationActivity.Topic(activity.Market), activity));
    }
}
