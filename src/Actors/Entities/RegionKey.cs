using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// The registry key of a kind's shard region (<see cref="AccountRegion"/>, ...) held as a value, so
/// the table of entity kinds can start a region and find it again without a type parameter per kind.
/// </summary>
public abstract class RegionKey
{
    public static RegionKey Of<TKey>() => new Keyed<TKey>();

    public abstract Type Key { get; }

    public abstract IActorRef Get(IReadOnlyActorRegistry registry);

    public abstract Task<IActorRef> GetAsync(IReadOnlyActorRegistry registry, CancellationToken token);

    /// <summary>
    /// Starts the region on this node and registers it under the key. Its entities are given the
    /// node's clock: its <see cref="TimeProvider"/> service, the system clock unless a test registers its own.
    /// </summary>
    public abstract AkkaConfigurationBuilder Start(AkkaConfigurationBuilder builder, string typeName,
        Func<IActorRegistry, TimeProvider, Func<string, Props>> entityProps, IMessageExtractor extractor, ShardOptions options);

    private sealed class Keyed<TKey> : RegionKey
    {
        public override Type Key => typeof(TKey);

        public override IActorRef Get(IReadOnlyActorRegistry registry) => registry.Get<TKey>();

        public override Task<IActorRef> GetAsync(IReadOnlyActorRegistry registry, CancellationToken token) => registry.GetAsync<TKey>(token);

        public override AkkaConfigurationBuilder Start(AkkaConfigurationBuilder builder, string typeName,
            Func<IActorRegistry, TimeProvider, Func<string, Props>> entityProps, IMessageExtractor extractor, ShardOptions options) =>
            builder.WithShardRegion<TKey>(typeName,
                (_, registry, resolver) => entityProps(registry, resolver.GetService<TimeProvider>() ?? TimeProvider.System), extractor, options);
    }
}
