using Akka.Actor;
using Akka.Persistence.Query;
using Akka.TestKit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Risk.Cross;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Risk.Cross;

/// <summary>
/// The watcher against real account and pool states (the pure exchange answers its questions): a
/// cross open in the journal makes it ask the account, the account's own answer bands it, a tick
/// inside the band checks nobody and one past the account's liquidation price checks it.
/// </summary>
public sealed class CrossWatchExchangeSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0", output)
{
    [Fact]
    public void A_cross_open_is_banded_from_the_accounts_own_exposure_and_a_tick_past_its_liquidation_price_checks_it()
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        var sequence = s.PriceIs(2_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 1_000m);
        // 10x: 5 ETH long from 2,000 on the account's 1,000 of USD.
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new OpenPosition(PositionId.New(), trader, RequestId.New(), ExchangeStory.Eth,
            PositionSide.Long, 1_000m, 10m, 2_000m, s.Now) { Cross = true, Marks = [new MarketMark(ExchangeStory.Eth, 2_000m, sequence, 1m)] }));

        var accounts = CreateTestProbe();
        var pools = CreateTestProbe();
        // The regions, played by the exchange; a check goes unanswered (the account's liquidation is not built here).
        accounts.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is GetCrossExposure query)
                sender.Tell(s.X.Send(query));
            return AutoPilot.KeepRunning;
        }));
        pools.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is GetPoolState query)
                sender.Tell(s.X.Send(query));
            return AutoPilot.KeepRunning;
        }));
        var clock = new ManualClock(s.Now);
        var watch = Sys.ActorOf(Props.Create(() =>
            new CrossWatch(MarketCatalog.Default, AccountId.From("liquidator"), accounts.Ref, pools.Ref, CreateTestProbe().Ref, clock, TimeSpan.Zero, false, null)));
        watch.Tell(new PriceUpdated(ExchangeStory.Eth, 2_000m, s.Now, sequence));
        var offset = 0L;
        foreach (var (persistenceId, e) in s.X.Journal)
            watch.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, e, 0, []));

        AwaitAssert(() =>
        {
            var status = Status(watch);
            Assert.Equal(["trader"], status.WatchedAccounts);
            Assert.Equal(1, status.Banded);
        });

        // Surplus about 1,000 − 5 − 5 − 100 = 890 against 5 × 1.0105 a dollar: a band some 8.8% wide each way.
        watch.Tell(new PriceUpdated(ExchangeStory.Eth, 2_100m, s.Now, sequence + 1));
        Assert.Equal(0, Status(watch).ChecksSent);

        watch.Tell(new PriceUpdated(ExchangeStory.Eth, 1_700m, s.Now, sequence + 2));
        var check = accounts.FishForMessage<CheckCrossAccount>(_ => true);
        Assert.Equal(trader, check.AccountId);
        Assert.Equal(1_700m, check.Marks.Single().Price);
    }

    private CrossWatchStatus Status(IActorRef watch)
    {
        var asker = CreateTestProbe();
        watch.Tell(GetCrossWatchStatus.Instance, asker.Ref);
        return asker.ExpectMsg<CrossWatchStatus>();
    }
}
