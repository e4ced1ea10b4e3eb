using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Pools;

/// <summary>
/// A review: every read of a pool's state sorted and carried every provider's shares, and the API asked
/// for it on each account read, withdrawal and position read, so thousands of dust LP deposits made
/// each such read cost the pool's actor (which liquidations wait for) a sort of all of them, and made the
/// reply too large to cross between nodes. The API now asks for the one provider it needs, or none.
/// </summary>
public sealed class PoolStateQuerySpecs
{
    [Fact]
    public void A_pool_state_lists_every_provider_only_when_asked_and_otherwise_the_one_named_or_none()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        var first = s.Funded("lp-1", 20_000m);
        var second = s.Funded("lp-2", 20_000m);
        s.Provide(first, 10_000m);
        s.Provide(second, 5_000m);
        var at = s.Now;

        var all = Assert.IsType<PoolStateResponse>(s.X.Send(new GetPoolState(ExchangeStory.Eth, null, at)));
        var one = Assert.IsType<PoolStateResponse>(s.X.Send(new GetPoolState(ExchangeStory.Eth, null, at) { AllProviders = false, Provider = second }));
        var none = Assert.IsType<PoolStateResponse>(s.X.Send(new GetPoolState(ExchangeStory.Eth, null, at) { AllProviders = false }));
        var stranger = Assert.IsType<PoolStateResponse>(
            s.X.Send(new GetPoolState(ExchangeStory.Eth, null, at) { AllProviders = false, Provider = AccountId.From("no-shares") }));

        Assert.Equal(new HashSet<AccountId> { first, second }, all.Providers.Select(p => p.Provider).ToHashSet());
        Assert.Equal(all.Providers.Single(p => p.Provider == second), Assert.Single(one.Providers));
        Assert.Empty(none.Providers);
        Assert.Empty(stranger.Providers);
        // The rest of the state is the same, however many providers are listed.
        Assert.Equal(all with { Providers = none.Providers }, none);
        s.BooksBalance();
    }
}
