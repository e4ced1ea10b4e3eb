using LeverageActors.Host.Api;
using LeverageActors.Host.Api.Feed;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A review: the live feeds were capped per node only, so one address opening every slot and
/// reading only the keep-alives turned every other client away. A client now holds its own share.
/// Beyond it, a new feed ends the client's oldest once that one has run a minute (its review: a
/// browser's dropped connections would lock it out), and is refused while all are younger (the
/// review after: feeds sharing an address knocked each other off in turn every few seconds).
/// </summary>
public sealed class FeedConnectionsSpecs
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_client_beyond_its_share_ends_its_oldest_feed_once_it_has_run_a_minute()
    {
        var feeds = new FeedConnections(new ApiSettings { MaxFeedConnections = 4, MaxFeedConnectionsPerClient = 2 }, _clock);

        var oldest = feeds.TryOpen("10.0.0.1", out _)!;
        var second = feeds.TryOpen("10.0.0.1", out _)!;
        Assert.Null(feeds.TryOpen("10.0.0.1", out var clientFull));
        Assert.True(clientFull);

        _clock.Now += FeedConnections.Settled;
        Assert.NotNull(feeds.TryOpen("10.0.0.1", out _));
        Assert.True(oldest.Ended.IsCancellationRequested);
        Assert.False(second.Ended.IsCancellationRequested);
        Assert.Equal(2, feeds.Open);
        oldest.Dispose();
        oldest.Dispose();
        Assert.Equal(2, feeds.Open);
    }

    [Fact]
    public void Other_clients_get_feeds_up_to_the_nodes_cap_and_no_further()
    {
        var feeds = new FeedConnections(new ApiSettings { MaxFeedConnections = 3, MaxFeedConnectionsPerClient = 2 }, _clock);

        var first = feeds.TryOpen("10.0.0.1", out _)!;
        Assert.NotNull(feeds.TryOpen("10.0.0.1", out _));
        Assert.NotNull(feeds.TryOpen("10.0.0.2", out _));
        Assert.Null(feeds.TryOpen("10.0.0.3", out var clientFull));
        Assert.False(clientFull);

        first.Dispose();
        Assert.NotNull(feeds.TryOpen("10.0.0.3", out _));
        Assert.Equal(3, feeds.Open);
    }
}
