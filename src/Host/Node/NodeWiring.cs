using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Actor;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Membership;
using LeverageActors.Actors.Persistence;
using LeverageActors.Host.Health;
using LeverageActors.Host.Metrics;
using LeverageActors.Messages.Ids;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeverageActors.Host.Node;

/// <summary>Everything a node runs, in one list; tests start nodes through the same method.</summary>
public static class NodeWiring
{
    /// <summary>What most likely put two nodes of one cluster on two PostgreSQL journals.</summary>
    public const string PostgresCause =
        "the nodes are configured with different PostgreSQL databases: give every node of a cluster the same Journal:ConnectionString";

    /// <summary>What most likely put two nodes of one cluster on two SQLite journals.</summary>
    public const string SqliteCause =
        "each node has its own embedded SQLite file: use one PostgreSQL journal, or one shared SQLite file for nodes on one machine (--journal or --data-dir)";

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
        var database = settings.Journal;
        var log = provider.GetRequiredService<ILoggerFactory>().CreateLogger("LeverageActors.Node");
        var unindexed = UnindexedUpTo(database);
        if (unindexed is { } highest)
            log.LogInformation("Indexing the journal's tags, once: its rows up to #{Ordering:N0} were written before this version", highest);
        var indexing = System.Diagnostics.Stopwatch.StartNew();
        var journal = new OwnJournal(
            JournalIdentity.ReadOrCreate(JournalIdentityTables.For(database)),
            database.Description,
            database.Provider == JournalProvider.Postgres ? PostgresCause : SqliteCause);
        var shared = NodeSharedSettings.Of(settings);
        var configured = settings.Markets.Markets.Keys.Select(m => m.Value).ToList();
        var (unconfigured, recorded) = JournalMarkets.Check(database, configured, MarketCatalog.Default.Markets.Keys.Select(m => m.Value));
        if (!recorded)
            log.LogWarning("The node's role may not keep table {Table} beside the journal: only the default markets are checked against the journal's pools " +
                           "(grant it SELECT and INSERT, or let the journal's owner start a node once)", JournalMarkets.Table);
        if (unconfigured is [var first, ..])
            throw new ConfigurationError(
                $"the journal holds the pool of {string.Join(", ", unconfigured)}, which this node is not configured with: its positions would " +
                $"have no risk index and no liquidator. A Markets section lists every market traded (naming one drops the default ones): " +
                $"name it with any parameter, e.g. LEVERAGE_Markets__{first}__MaxLeverage=50");
        if (unindexed is not null && UnindexedUpTo(database) is null)
            log.LogInformation("The journal's tags are indexed ({Seconds:0.0} s)", indexing.Elapsed.TotalSeconds);
        if (database.Provider == JournalProvider.Postgres)
            WarnOfMissingRights(database.ConnectionString, log);

        return akka
            .AddHocon(HoconFiles.Load(HoconFiles.Base), HoconAddMode.Append)
            .AddHocon($"akka.cluster.shutdown-after-unsuccessful-join-seed-nodes = {(settings.JoinTimeout > TimeSpan.Zero ? $"{Math.Ceiling(settings.JoinTimeout.TotalMilliseconds):0}ms" : "off")}", HoconAddMode.Prepend)
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .WithRemoting(new RemoteOptions { HostName = settings.Hostname, Port = settings.Port })
            // No seed nodes here: the join check joins them (see AddJournalCheck).
            .WithClustering(new ClusterOptions { Roles = [JournalRole.Of(journal.Id), shared.Role] })
            .WithDistributedPubSub(role: "")
            .AddJournalPersistence(database)
            .AddTradingEntities(settings.Markets)
            .AddMarketWatch(settings.Markets, AccountId.From(settings.LiquidatorAccount), settings.CrossWatch)
            .AddJournalDigests(database, settings.Digests with { Journal = journal.Id.Value })
            .AddPriceFeed(settings)
            .AddNodeMetrics(provider)
            .AddNodeHealthChecks(settings)
            .AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                log.LogInformation("Node {Address} starting; journal {Journal} (journal id {JournalId}); markets {Markets}; shared settings {Fingerprint}",
                    cluster.SelfAddress, journal.Description, journal.Id, string.Join(", ", settings.Markets.Markets.Keys), shared.Fingerprint);
                cluster.RegisterOnMemberUp(() => log.LogInformation("Node {Address} is up", cluster.SelfAddress));
            })
            .AddJournalCheck(journal, settings.SeedNodes.Select(Address.Parse).ToList(), ClusterMemberTable.For(database), shared);
    }

    /// <summary>What a PostgreSQL node's role may not do that the node would do better with: one connection, at start.</summary>
    private static void WarnOfMissingRights(string connectionString, ILogger log)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        if (!PostgresTagIndex.Usable(connection))
            log.LogWarning("The journal's tag index is not in force for this node: its role may not create the index (a table, three triggers and " +
                           "their functions) or read it, or a trigger is gone; its catch-ups scan the journal, each start longer as it grows " +
                           "(README, Upgrading)");
        if (!PostgresClusterMemberTable.Usable(connection))
            log.LogWarning("This node's role may not keep the cluster's live members (table cluster_member missing, or without SELECT, INSERT, UPDATE " +
                           "and DELETE for it): a first seed restarted while its peers answer late cannot tell their live cluster from none and may " +
                           "start a second one on this journal (README, One cluster, one journal)");
    }

    /// <summary>The journal's highest ordering while its tags are yet to be indexed; null once they are, or with no journal yet.</summary>
    private static long? UnindexedUpTo(JournalDatabase database) => database.Provider == JournalProvider.Sqlite
        ? SqliteTagIndex.Pending(database.ConnectionString)
        : PostgresTagIndex.Pending(database.ConnectionString);
}
