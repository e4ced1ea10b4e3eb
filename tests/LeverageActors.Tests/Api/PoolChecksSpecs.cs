using LeverageActors.Host.Api;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A review: each LP request's check values the pool on its actor (a walk over every open position),
/// and a refused check costs nothing, so a flood of dust withdrawals queued walks by the thousand
/// ahead of the liquidations that actor also settles. A pool now checks one LP request at a time.
/// </summary>
public sealed class PoolChecksSpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    [Fact]
    public async Task A_pool_checks_one_LP_request_at_a_time_and_other_pools_are_not_held_up()
    {
        var checks = new PoolChecks(new ApiSettings());
        var inFlight = 0;
        var most = 0;
        var releases = Enumerable.Range(0, 20).Select(_ => new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var started = 0;

        async Task<object> Check(int i)
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            Interlocked.Increment(ref started);
            var answer = await releases[i].Task;
            Interlocked.Decrement(ref inFlight);
            return answer;
        }

        var asked = Enumerable.Range(0, 20).Select(i => checks.Ask(Eth, () => Check(i))).ToList();
        var other = await checks.Ask(MarketId.From("BTC-USD"), () => Task.FromResult<object>("btc"));
        Assert.Equal("btc", other);
        Assert.Equal(1, Volatile.Read(ref started));

        foreach (var release in releases)
            release.SetResult("checked");
        Assert.All(await Task.WhenAll(asked), answer => Assert.Equal("checked", answer));
        Assert.Equal(1, Volatile.Read(ref most));
        Assert.Equal(20, Volatile.Read(ref started));
    }

    [Fact]
    public async Task A_check_that_waits_longer_than_the_ask_timeout_is_answered_null_and_asks_nothing()
    {
        var checks = new PoolChecks(new ApiSettings { AskTimeout = TimeSpan.FromMilliseconds(200) });
        var stuck = new TaskCompletionSource<object>();
        var first = checks.Ask(Eth, () => stuck.Task);
        var asked = false;

        var second = await checks.Ask(Eth, () =>
        {
            asked = true;
            return Task.FromResult<object>("late");
        });

        Assert.Null(second);
        Assert.False(asked);
        stuck.SetResult("first");
        Assert.Equal("first", await first);
        Assert.Equal("again", await checks.Ask(Eth, () => Task.FromResult<object>("again")));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
