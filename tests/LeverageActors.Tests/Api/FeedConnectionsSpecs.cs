using LeverageActors.Host.Api;
using LeverageActors.Host.Api.Feed;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A review: the live feeds were capped per node only, so one address opening every slot and
/// reading only the keep-alives turned every other client away. A client now holds its own share,
/// and a new feed beyond it ends the client's oldest rather than being refused (its review: a
/// browser's dropped connections, or a neighbour behind the same address, would lock it out).
/// </summary>
public sealed class FeedConnectionsSpecs
{
    [Fact]
    public void A_client_beyond_its_share_ends_its_oldest_feed_and_the_others_get_feeds_up_to_the_nodes_cap()
    {
        var feeds = new FeedConnections(new ApiSettings { MaxFeedConnections = 4, MaxFeedConnectionsPerClient = 2 });

        var oldest = feeds.TryOpen("10.0.0.1")!;
        var second = feeds.TryOpen("10.0.0.1")!;
        var third = feeds.TryOpen("10.0.0.1");
        Assert.NotNull(third);
        Assert.True(oldest.Ended.IsCancellationRequested);
        Assert.False(second.Ended.IsCancellationRequested);
        Assert.Equal(2, feeds.Open);

        oldest.Dispose();
        oldest.Dispose();
        Assert.Equal(2, feeds.Open);
        Assert.NotNull(feeds.TryOpen("10.0.0.2"));
        Assert.NotNull(feeds.TryOpen("10.0.0.3"));
        Assert.Null(feeds.TryOpen("10.0.0.4"));
        Assert.Equal(4, feeds.Open);

        second.Dispose();
        Assert.NotNull(feeds.TryOpen("10.0.0.4"));
    }
}
