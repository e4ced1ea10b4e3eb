using Akka.Hosting;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using LinqToDB.Data;

namespace LeverageActors.Actors.Persistence;

public static class PersistenceWiring
{
    /// <summary>
    /// In a shared cache (the tests' in-memory databases) Microsoft.Data.Sqlite turns the read
    /// level of <c>persistence.sqlite.conf</c> into <c>PRAGMA read_uncommitted</c>: dirty reads. There reads
    /// keep the driver's default, an immediate transaction.
    /// </summary>
    private const string ImmediateReads = """
        akka.persistence.journal.sql.read-isolation-level = unspecified
        akka.persistence.snapshot-store.sql.read-isolation-level = unspecified
        akka.persistence.query.journal.sql.read-isolation-level = unspecified
        """;

    /// <summary>Journal, snapshot store and read journal on the node's database, whichever engine it is.</summary>
    public static AkkaConfigurationBuilder AddJournalPersistence(this AkkaConfigurationBuilder builder, JournalDatabase database) =>
        database.Provider switch
        {
            JournalProvider.Sqlite => builder.AddSqlitePersistence(database.ConnectionString),
            JournalProvider.Postgres => builder.AddPostgresPersistence(database.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(database), database.Provider, "unknown journal provider"),
        };

    /// <summary>
    /// Journal, snapshot store and read journal on one SQLite database. The connection string
    /// travels in a DataOptionsSetup (with the synchronous=NORMAL interceptor), never in HOCON.
    /// </summary>
    public static AkkaConfigurationBuilder AddSqlitePersistence(this AkkaConfigurationBuilder builder, string connectionString)
    {
        SqliteDatabase.Prepare(connectionString);
        connectionString = SqliteDatabase.ExistingOnly(connectionString);

        var dataOptions = new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseInterceptor(new SqliteSynchronousNormal());

        if (SqliteDatabase.IsSharedCache(connectionString))
            builder.AddHocon(ImmediateReads, HoconAddMode.Prepend);

        return builder
            .AddHocon(HoconFiles.Load(HoconFiles.Sqlite), HoconAddMode.Append)
            // Without the plugin's defaults as the last fallback its class is not found.
            .AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append)
            .AddSetup(new DataOptionsSetup(dataOptions))
            .AddSetup(new SqliteJournalSetup(connectionString));
    }

    /// <summary>
    /// Journal, snapshot store and read journal on one PostgreSQL database, its tables created
    /// first. The journal's writes and recoveries go through Npgsql itself (<see cref="PostgresJournal"/>),
    /// larger batches as binary COPY (DESIGN §3); the snapshot store and the read journal through the plugin.
    /// </summary>
    public static AkkaConfigurationBuilder AddPostgresPersistence(this AkkaConfigurationBuilder builder, string connectionString)
    {
        PostgresDatabase.Prepare(connectionString);

        // The plugin maps its tables by the provider's name, which only UseConnectionString sets.
        var dataOptions = new DataOptions()
            .UseConnectionString(ProviderName.PostgreSQL15, connectionString)
            .UsePostgreSQL(o => o with { BulkCopyType = BulkCopyType.ProviderSpecific });

        return builder
            .AddHocon(HoconFiles.Load(HoconFiles.Postgres), HoconAddMode.Append)
            .AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append)
            .AddSetup(new DataOptionsSetup(dataOptions))
            .AddSetup(new PostgresJournalSetup(connectionString));
    }
}
