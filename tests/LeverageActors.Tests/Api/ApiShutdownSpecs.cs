using System.Net;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Api;

/// <summary>How the API behaves when its node stops or its journal goes missing.</summary>
public sealed class ApiShutdownSpecs() : ApiNodeSpec(TestDatabase.OnDisk())
{
    [Fact]
    public async Task An_open_feed_ends_when_the_node_stops_instead_of_holding_the_shutdown()
    {
        await using var feed = await EventStreamReader.Open(Node.Http, "/stream");
        await feed.Next("ready");

        // The host would wait 30 s for open requests; the feed must end as soon as stopping starts.
        await Node.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        await feed.Ended.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Health_reports_a_journal_file_that_has_gone_missing_and_does_not_recreate_it()
    {
        var healthy = await ApiTrader.Json(Node.Http.GetAsync("/health"));
        Assert.True(healthy.GetProperty("journal").GetProperty("reachable").GetBoolean());

        File.Delete(Database.FilePath!);
        var degraded = await ApiTrader.Json(Node.Http.GetAsync("/health"), HttpStatusCode.ServiceUnavailable);
        Assert.Equal("degraded", degraded.GetProperty("status").GetString());
        Assert.False(degraded.GetProperty("journal").GetProperty("reachable").GetBoolean());
        Assert.False(File.Exists(Database.FilePath));
    }
}
