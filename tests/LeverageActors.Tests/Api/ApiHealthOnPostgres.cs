using System.Net;
using LeverageActors.Tests.Support;
using Npgsql;

namespace LeverageActors.Tests.Api;

/// <summary>Health of a node whose journal is a PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ApiHealthOnPostgres(PostgresFixture postgres) : ApiNodeSpec(postgres.NewDatabase())
{
    [Fact]
    public async Task Health_reports_a_journal_database_that_refuses_connections_and_recovers_with_it()
    {
        var healthy = await ApiTrader.Json(Node.Http.GetAsync("/health"));
        Assert.True(healthy.GetProperty("journal").GetProperty("reachable").GetBoolean());

        var name = new NpgsqlConnectionStringBuilder(Database.ConnectionString).Database;
        await Admin($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
        try
        {
            var degraded = await ApiTrader.Json(Node.Http.GetAsync("/health"), HttpStatusCode.ServiceUnavailable);
            Assert.Equal("degraded", degraded.GetProperty("status").GetString());
            var journal = degraded.GetProperty("journal");
            Assert.False(journal.GetProperty("reachable").GetBoolean());
            // The driver's message names the database: only the operator sees it.
            Assert.Equal(Host.Api.Endpoints.HealthEndpoints.Unreachable, journal.GetProperty("error").GetString());
            Assert.DoesNotContain(name!, degraded.GetRawText());
            var told = (await ApiTrader.Json(Node.Http.SendAsync(Node.Request(HttpMethod.Get, "/health", key: TestNode.OperatorKey)),
                HttpStatusCode.ServiceUnavailable)).GetProperty("journal");
            Assert.Contains("not currently accepting connections", told.GetProperty("error").GetString());
        }
        finally
        {
            await Admin($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true");
        }

        var again = await ApiTrader.Json(Node.Http.GetAsync("/health"));
        Assert.Equal("ok", again.GetProperty("status").GetString());
    }

    private async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
