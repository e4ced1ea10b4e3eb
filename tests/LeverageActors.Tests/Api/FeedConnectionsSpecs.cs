using LeverageActors.Host.Api;
using LeverageActors.Host.Api.Feed;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A review: the live feeds were capped per node only, so one address opening every slot and
/// reading only the keep-alives turned every other client away. A client now holds its own share.
/// </summary>
public sealed class FeedConnectionsSpecs
{
    [Fact]
    public void One_client_holds_at_most_its_share_and_the_others_still_get_feeds_up_to_the_nodes_cap()
    {
        var feeds = new FeedConnections(new ApiSettings { MaxFeedConnections = 4, MaxFeedConnectionsPerClient = 2 });

        var first = feeds.TryOpen("10.0.0.1", out _);
        Assert.NotNull(feeds.TryOpen("10.0.0.1", out _));
        Assert.Null(feeds.TryOpen("10.0.0.1", out var clientFull));
        Assert.True(clientFull);
        Assert.NotNull(feeds.TryOpen("10.0.0.2", out _));

        first!.Dispose();
        first.Dispose();
        Assert.Equal(2, feeds.Open);
        Assert.NotNull(feeds.TryOpen("10.0.0.1", out _));
        Assert.NotNull(feeds.TryOpen("10.0.0.3", out _));
        Assert.Null(feeds.TryOpen("10.0.0.4", out clientFull));
        Assert.False(clientFull);
        Assert.Equal(4, feeds.Open);
    }
}
