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
        // A persistent actor stops itself when a write or its recovery fails (a database blip, the
        // journal's breaker), and a singleton manager does not start a stopped singleton again: the
        // keeper would take no digest until its node restarted (found by a read-only review). Under a
        // supervisor it starts again, later each time (each start reads the whole journal once, hence
        // the pauses: 5 s up to 10 minutes); the manager's Shutdown still ends both.
        return builder.WithSingleton<JournalDigestProxy>("journal-digest",
            (_, _, _) => Akka.Pattern.BackoffSupervisor.Props(
                Akka.Pattern.Backoff.OnStop(JournalDigestKeeper.Props(JournalSource.For(database), settings), "keeper",
                        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10), 0.2, maxNrOfRetries: -1)
                    .WithFinalStopMessage(m => m is JournalDigestKeeper.Shutdown)),
            new ClusterSingletonOptions { TerminationMessage = JournalDigestKeeper.Shutdown.Instance },
            createProxyToo: true);
    }
}
