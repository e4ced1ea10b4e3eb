using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeverageActors.Host.Node;

/// <summary>Everything a node runs, in one list; tests start nodes through the same method.</summary>
public static class NodeWiring
{
    /// <param name="adjust">Last changes to the configuration, for tests (e.g. TestKit timeouts).</param>
    public static IServiceCollection AddLeverageNode(
        this IServiceCollection services, NodeSettings settings, Action<AkkaConfigurationBuilder>? adjust = null) =>
        services.AddAkka(settings.SystemName, (akka, provider) =>
        {
            akka.AddLeverageNode(settings, provider);
            adjust?.Invoke(akka);
        });

    public static AkkaConfigurationBuilder AddLeverageNode(
        this AkkaConfigurationBuilder akka, NodeSettings settings, IServiceProvider provider)
    {
        var journal = settings.Journal;
        var log = provider.GetRequiredService<ILoggerFactory>().CreateLogger("LeverageActors.Node");

        return akka
            .AddHocon(HoconFiles.Load(HoconFiles.Base), HoconAddMode.Append)
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithRemoting(new RemoteOptions { HostName = settings.Hostname, Port = settings.Port })
            .WithClustering(new ClusterOptions { SeedNodes = settings.SeedNodes.ToArray() })
            .WithDistributedPubSub(role: "")
            .AddJournalPersistence(journal)
            .AddTradingEntities(settings.Markets)
            .AddMarketWatch(settings.Markets, AccountId.From(settings.LiquidatorAccount))
            .AddPriceFeed(settings)
            .AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                log.LogInformation("Node {Address} starting; journal {Journal}; markets {Markets}",
                    cluster.SelfAddress, journal.Description, string.Join(", ", settings.Markets.Markets.Keys));
                cluster.RegisterOnMemberUp(() => log.LogInformation("Node {Address} is up", cluster.SelfAddress));
                if (settings.SeedNodes.Count == 0)
                    cluster.Join(cluster.SelfAddress);
            });
    }
}
