using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Akka.Actor;
using LeverageActors.Tests.Api;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Operations;

/// <summary>
/// <c>/health/live</c> says whether to restart the process, <c>/health/ready</c> whether to send it
/// traffic: a node rebuilding a risk index, or not yet in its cluster, is alive and not ready.
/// </summary>
public sealed class HealthProbeSpecs : ApiNodeSpec
{
    [Fact]
    public async Task Ready_is_503_while_a_risk_index_rebuilds_from_the_journal_then_200_and_live_stays_200()
    {
        await Eventually.Holds("the node to be ready", async () => (await Probe(Node.Http, "/health/ready")).Status == HttpStatusCode.OK);

        // Hold the journal table's write lock (an empty update, rolled back): the index that
        // starts again cannot read its market's journal until it is released.
        await using (var holder = new SqliteConnection(Database.ConnectionString))
        {
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            await using (var update = holder.CreateCommand())
            {
                update.Transaction = (SqliteTransaction)transaction;
                update.CommandText = "UPDATE journal SET ordering = ordering WHERE 0";
                await update.ExecuteNonQueryAsync();
            }

            // The risk index fails (as after a journal error) and its supervisor starts it again.
            var index = await Node.System.ActorSelection("/user/market-watch/market-watch/risk-ETH-USD").ResolveOne(TestNode.Timeout);
            index.Tell(Kill.Instance);

            (HttpStatusCode Status, JsonElement Body) ready = default;
            await Eventually.Holds("readiness to notice the index rebuilding", async () =>
                (ready = await Probe(Node.Http, "/health/ready")).Status == HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", Check(ready.Body, "risk-indexes").GetProperty("status").GetString());
            Assert.Contains("ETH-USD", Check(ready.Body, "risk-indexes").GetProperty("description").GetString());
            Assert.Equal("Healthy", Check(ready.Body, "cluster-member-up").GetProperty("status").GetString());

            var live = await Probe(Node.Http, "/health/live");
            Assert.Equal(HttpStatusCode.OK, live.Status);
            Assert.Equal("Healthy", Check(live.Body, "akka.actorsystem").GetProperty("status").GetString());

            // Nothing moves while the lock is held: readiness still waits for the same index.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Probe(Node.Http, "/health/ready")).Status);
            await transaction.RollbackAsync();
        }

        (HttpStatusCode Status, JsonElement Body) caughtUp = default;
        await Eventually.Holds("the index to catch up", async () =>
            (caughtUp = await Probe(Node.Http, "/health/ready")).Status == HttpStatusCode.OK);
        Assert.Equal("Healthy", caughtUp.Body.GetProperty("status").GetString());
        Assert.Equal(["cluster-member-up", "journal", "risk-indexes"],
            caughtUp.Body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());
        Assert.Equal(HttpStatusCode.OK, (await Probe(Node.Http, "/health/live")).Status);
    }

    [Fact]
    public async Task A_node_that_cannot_join_its_cluster_is_live_and_not_ready()
    {
        using var database = TestDatabase.InMemory();
        // A seed where nobody listens: the node waits to join for ever.
        await using var node = await TestNode.LaunchAsync(database.Journal, new NodeOptions { Seeds = [$"akka.tcp://leverage@127.0.0.1:{FreePort()}"] });
        var http = node.Http;

        var live = await Probe(http, "/health/live");
        var ready = await Probe(http, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("Unhealthy", Check(ready.Body, "cluster-member-up").GetProperty("status").GetString());
        Assert.DoesNotContain("is Up", Check(ready.Body, "cluster-member-up").GetProperty("description").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Probe(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static JsonElement Check(JsonElement body, string name) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
