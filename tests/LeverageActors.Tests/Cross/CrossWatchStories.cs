using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// The cross-account watcher on a node with cross margin on: it learns of a cross account from the
/// journal, keeps watching it after the node restarts (it reads the journal again), and a crash past
/// the account's band makes it check the account. Its liquidation is the account's, not tested here.
/// </summary>
public sealed class CrossWatchStories
{
    [Fact]
    public async Task A_cross_account_is_watched_after_its_cross_open_and_again_after_a_restart_and_a_crash_checks_it()
    {
        var s = await Scenario.StartAsync(TestDatabase.OnDisk(), node: n => n with { CrossMargin = true });
        await using var _ = s;
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var trader = await s.Trader("cross").Deposits(1_000m);
        await s.OpensCross(trader, "ETH-USD", PositionSide.Long, 1_000m, 10m);

        await WatcherSees(s, "cross");

        await s.Restart();
        await WatcherSees(s, "cross");

        // 5 ETH long from 2,000 on 1,000: 1,700 is past its maintenance requirement.
        s.Advance(TimeSpan.FromSeconds(1));
        await s.OracleReports("ETH-USD", 1_700m);
        await Eventually.Holds("the watcher to check the account", async () =>
            (await s.Ask<CrossWatchStatus>(s.Node.MarketWatch, GetCrossWatchStatus.Instance)).ChecksSent > 0);

        // The restarted node's own meter: it watches one account, has refreshed it and checked it.
        var metrics = await PrometheusScrape.Of(s.Node.Http);
        Assert.Equal(1, metrics.Sum("leverage_cross_watched"));
        Assert.True(metrics.Sum("leverage_cross_checks_total") >= 1);
        Assert.True(metrics.Sum("leverage_cross_refreshes_total") >= 1);
    }

    [Fact]
    public async Task A_node_with_cross_margin_off_runs_no_watcher()
    {
        await using var s = await Scenario.StartAsync();
        Assert.False((await s.Ask<CrossWatchStatus>(s.Node.MarketWatch, GetCrossWatchStatus.Instance)).Running);
    }

    private static Task WatcherSees(Scenario s, string account) =>
        Eventually.Holds($"the cross watcher to watch {account}", async () =>
            await s.Ask<CrossWatchStatus>(s.Node.MarketWatch, GetCrossWatchStatus.Instance) is { CaughtUp: true, Banded: 1 } status
            && status.WatchedAccounts.Contains(account));
}
