using Akka.Hosting;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LinqToDB;

namespace LeverageActors.Actors.Persistence;

public static class PersistenceWiring
{
    /// <summary>
    /// Journal, snapshot store and read journal on one SQLite database. The connection string
    /// travels in a DataOptionsSetup (with the synchronous=NORMAL interceptor), never in HOCON.
    /// </summary>
    public static AkkaConfigurationBuilder AddSqlitePersistence(this AkkaConfigurationBuilder builder, string connectionString)
    {
        SqliteDatabase.Prepare(connectionString);

        var dataOptions = new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, connectionString)
            .UseInterceptor(new SqliteSynchronousNormal());

        return builder
            .AddHocon(HoconFiles.Load(HoconFiles.Sqlite), HoconAddMode.Append)
            // Without the plugin's defaults as the last fallback its class is not found.
            .AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append)
            .AddSetup(new DataOptionsSetup(dataOptions));
    }
}
