using Akka.Cluster.Hosting;
using Akka.Hosting;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Persistence;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Integrity;

/// <summary>Registry key of the proxy to the digest keeper.</summary>
public sealed class JournalDigestProxy;

public static class DigestWiring
{
    /// <summary>
    /// The digest keeper, one per cluster. A shared in-memory SQLite journal (tests) has no file
    /// to read it from and takes no digests.
    /// </summary>
    public static AkkaConfigurationBuilder AddJournalDigests(this AkkaConfigurationBuilder builder, JournalDatabase database, DigestSettings settings)
    {
        if (database.Provider == JournalProvider.Sqlite && new SqliteConnectionStringBuilder(database.ConnectionString).Mode == SqliteOpenMode.Memory)
            return builder;
        return builder.WithSingleton<JournalDigestProxy>("journal-digest",
            (_, _, _) => JournalDigestKeeper.Props(JournalSource.For(database), settings),
            new ClusterSingletonOptions { TerminationMessage = JournalDigestKeeper.Shutdown.Instance },
            createProxyToo: true);
    }
}
