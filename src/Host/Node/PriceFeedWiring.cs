using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Prices;

namespace LeverageActors.Host.Node;

public static class PriceFeedWiring
{
    /// <summary>The replay feed over the configured path, and with <c>--demo</c> the seeded traders.</summary>
    public static AkkaConfigurationBuilder AddPriceFeed(this AkkaConfigurationBuilder akka, NodeSettings settings)
    {
        IReadOnlyList<PricePoint> path;
        try
        {
            path = settings.PricePath is null ? [] : PricePath.Read(settings.PricePath);
        }
        catch (FormatException e)
        {
            throw new ConfigurationError(e.Message);
        }

        return akka.WithActors((system, registry) =>
        {
            var oracles = registry.Get<OracleRegion>();
            if (settings.DemoPathHeldBack)
                system.Log.Warning("No price feed: this node joins other seeds, so it replays the bundled demo path only with --demo " +
                                   "(or a path with --prices); prices come from the node that replays one, or over HTTP");
            Props Feed() => Props.Create(() => new PricePathFeed(path, oracles, settings.Markets, settings.PriceSpeed, TimeProvider.System));
            if (path.Count > 0 && settings.PricePathByDefault)
            {
                var cluster = Cluster.Get(system);
                cluster.RegisterOnMemberUp(() =>
                {
                    if (JoinedRunningCluster(cluster))
                        system.Log.Warning("No price feed: this node joined a running cluster, so it replays the bundled demo path only with " +
                                           "--demo (or a path with --prices); prices come from the node that replays one, or over HTTP");
                    else
                        system.ActorOf(Feed(), "price-feed");
                });
            }
            else if (path.Count > 0)
                system.ActorOf(Feed(), "price-feed");
            if (settings.Demo)
                system.ActorOf(Props.Create(() => new DemoTraders(settings.Markets.Markets.Keys.ToList(),
                    registry.Get<AccountRegion>(), registry.Get<PositionRegion>())), "demo-traders");
        });
    }

    /// <summary>Other members were up when this one came up: it joined a cluster, it did not form it.</summary>
    private static bool JoinedRunningCluster(Cluster cluster) =>
        cluster.State.Members.Any(m => m.Address != cluster.SelfAddress && m.Status == MemberStatus.Up);
}
