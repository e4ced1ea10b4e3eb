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
/// The cross-account watcher with probes standing in for the account and pool regions: what it
/// asks an account and when, and exactly which ticks make it send <see cref="CheckCrossAccount"/>.
/// The account "a" answers 1,000 of surplus with 10 of sensitivity in ETH at 2,000 and 0.5 in BTC at
/// 40,000: r = 1,000 / (20,000 + 20,000) = 2.5%, bands ETH 1,950–2,050 and BTC 39,000–41,000
/// (docs/CROSS-WATCH.md's example).
/// </summary>
public sealed class CrossWatchSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0", output)
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly MarketId Btc = MarketId.From("BTC-USD");
    private static readonly AccountId A = AccountId.From("a");
    private static readonly AccountId Liquidator = AccountId.From("liquidator");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly ManualClock _clock = new(T0);
    private long _offset;

    private (IActorRef Watch, TestProbe Accounts) Started()
    {
        var accounts = CreateTestProbe();
        var pools = CreateTestProbe();
        var watch = Sys.ActorOf(Props.Create(() =>
            new CrossWatch(MarketCatalog.Default, Liquidator, accounts.Ref, pools.Ref, CreateTestProbe().Ref, _clock, TimeSpan.Zero, false, null)));
        foreach (var market in new[] { Eth, Btc })
            watch.Tell(Pool(market, 1m));
        watch.Tell(new PriceUpdated(Eth, 2_000m, T0, 1));
        watch.Tell(new PriceUpdated(Btc, 40_000m, T0, 1));
        return (watch, accounts);
    }

    /// <summary>A started watcher that has learnt of "a" from its first cross event and banded it.</summary>
    private (IActorRef Watch, TestProbe Accounts) Watching()
    {
        var (watch, accounts) = Started();
        watch.Tell(Event(A, new CrossPositionAdmitted(A, TransferId.Of(PositionId.From("x1"), 1), PositionId.From("x1"),
            new CrossTerms(Eth, PositionSide.Long, 10m, 2_000m, 18_000m, 0.0005m, 0.02m, 0.01m), 0m, [], 0m, 0m, T0)));
        var asked = accounts.ExpectMsg<GetCrossExposure>();
        Assert.Equal(A, asked.AccountId);
        accounts.Reply(Exposure(1_000m, (Eth, 2_000m, 10m), (Btc, 40_000m, 0.5m)));
        AwaitAssert(() => Assert.Equal(1, Status(watch).Banded));
        return (watch, accounts);
    }

    [Fact]
    public void A_cross_event_makes_the_watcher_ask_the_account_for_its_exposure_at_the_fresh_marks_and_band_it()
    {
        var (watch, accounts) = Started();
        watch.Tell(Event(A, new CrossPositionAdmitted(A, TransferId.Of(PositionId.From("x1"), 1), PositionId.From("x1"),
            new CrossTerms(Eth, PositionSide.Long, 10m, 2_000m, 18_000m, 0.0005m, 0.02m, 0.01m), 0m, [], 0m, 0m, T0)));

        var asked = accounts.ExpectMsg<GetCrossExposure>();
        Assert.Equal([new MarketMark(Btc, 40_000m, 1, 1m), new MarketMark(Eth, 2_000m, 1, 1m)], asked.Marks);
        accounts.Reply(Exposure(1_000m, (Eth, 2_000m, 10m), (Btc, 40_000m, 0.5m)));

        AwaitAssert(() =>
        {
            var status = Status(watch);
            Assert.Equal((1, 1, 1L), (status.Watched, status.Banded, status.Refreshes));
            Assert.Equal(["a"], status.WatchedAccounts);
        });
        // Inside its bands at the marks it was valued at: nothing to check.
        accounts.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_USD_move_of_a_watched_account_is_refreshed_and_one_of_an_account_never_cross_is_not()
    {
        var (watch, accounts) = Watching();

        watch.Tell(Event(AccountId.From("b"), new FundsDeposited(AccountId.From("b"), RequestId.From("d"), 100m, T0)));
        accounts.ExpectNoMsg(Quiet);

        watch.Tell(Event(A, new FundsDeposited(A, RequestId.From("d"), 100m, T0)));
        Assert.Equal(A, accounts.ExpectMsg<GetCrossExposure>().AccountId);
        // Nothing left a price can liquidate: dropped.
        accounts.Reply(new CrossExposureResponse(A, false, 0m, []));
        AwaitAssert(() => Assert.Equal((0, 0, 2L), (Status(watch).Watched, Status(watch).Banded, Status(watch).Refreshes)));
    }

    [Fact]
    public void A_tick_inside_every_band_sends_nothing()
    {
        var (watch, accounts) = Watching();

        watch.Tell(new PriceUpdated(Eth, 2_049m, T0, 2));
        watch.Tell(new PriceUpdated(Btc, 39_001m, T0, 2));

        accounts.ExpectNoMsg(Quiet);
        Assert.Equal(0, Status(watch).ChecksSent);
    }

    [Fact]
    public void A_tick_inside_every_band_that_raises_the_margin_in_force_asks_the_account_again_at_it_and_one_that_keeps_it_does_not()
    {
        var (watch, accounts) = Watching();
        var raised = new MarginInForce(0.03m, 0.06m, 0.03m);

        // No move, but cross positions are now held to 3 %: the surplus the bands came from is gone.
        watch.Tell(new PriceUpdated(Eth, 2_001m, T0, 2) { Margin = raised });

        var asked = accounts.ExpectMsg<GetCrossExposure>();
        Assert.Equal(raised, asked.Marks.Single(m => m.Market == Eth).Margin);
        accounts.Reply(Exposure(1_000m, (Eth, 2_001m, 10m), (Btc, 40_000m, 0.5m)));
        accounts.ExpectNoMsg(Quiet);

        watch.Tell(new PriceUpdated(Eth, 2_002m, T0, 3) { Margin = raised });
        accounts.ExpectNoMsg(Quiet);
    }

    /// <summary>A review: the rise was compared with the last price taken, so one first heard on a stale tick was never acted on.</summary>
    [Fact]
    public void A_rise_first_heard_on_a_stale_tick_is_acted_on_at_the_next_fresh_one()
    {
        var (watch, accounts) = Watching();
        var raised = new MarginInForce(0.03m, 0.06m, 0.03m);
        _clock.Now = T0.AddMinutes(10);

        watch.Tell(new PriceUpdated(Eth, 2_001m, T0.AddSeconds(1), 2) { Margin = raised });
        accounts.ExpectNoMsg(Quiet);
        watch.Tell(new PriceUpdated(Eth, 2_002m, _clock.Now, 3) { Margin = raised });

        Assert.Equal(raised, accounts.ExpectMsg<GetCrossExposure>().Marks.Single(m => m.Market == Eth).Margin);
    }

    [Fact]
    public void A_tick_past_one_band_sends_exactly_one_check_at_the_fresh_marks_and_asks_for_the_exposure_again()
    {
        var (watch, accounts) = Watching();
        _clock.Now = T0.AddSeconds(5);

        watch.Tell(new PriceUpdated(Eth, 1_950m, T0.AddSeconds(5), 2));

        var check = accounts.ExpectMsg<CheckCrossAccount>();
        Assert.Equal(A, check.AccountId);
        Assert.Equal(Liquidator, check.Liquidator);
        Assert.Equal(T0.AddSeconds(5), check.At);
        Assert.Equal([new MarketMark(Btc, 40_000m, 1, 1m), new MarketMark(Eth, 1_950m, 2, 1m)], check.Marks);
        Assert.Equal(1_950m, accounts.ExpectMsg<GetCrossExposure>().Marks.Single(m => m.Market == Eth).Price);
        accounts.ExpectNoMsg(Quiet);
        Assert.Equal(1, Status(watch).ChecksSent);
    }

    [Fact]
    public void An_account_under_liquidation_is_checked_again_at_every_tick_until_it_says_it_is_not()
    {
        var (watch, accounts) = Watching();
        watch.Tell(new PriceUpdated(Eth, 1_900m, T0, 2));
        accounts.ExpectMsg<CheckCrossAccount>();
        accounts.ExpectMsg<GetCrossExposure>();
        // Re-centred at 1,900 with a thin surplus: r = 10 / 39,000, ETH about 1,899.5–1,900.5, BTC 39,989.7–40,010.3.
        accounts.Reply(Exposure(10m, (Eth, 1_900m, 10m), (Btc, 40_000m, 0.5m)));
        accounts.Send(watch, new CrossAccountChecked(A, true, 90m, 100m));
        accounts.ExpectMsg<GetCrossExposure>();
        accounts.Reply(Exposure(10m, (Eth, 1_900m, 10m), (Btc, 40_000m, 0.5m)));

        // Inside every band, but under liquidation: checked again.
        watch.Tell(new PriceUpdated(Btc, 40_001m, T0, 2));
        Assert.Equal(40_001m, accounts.ExpectMsg<CheckCrossAccount>().Marks.Single(m => m.Market == Btc).Price);

        accounts.Send(watch, new CrossAccountChecked(A, false, 110m, 100m));
        accounts.ExpectMsg<GetCrossExposure>();
        accounts.Reply(Exposure(10m, (Eth, 1_900m, 10m), (Btc, 40_001m, 0.5m)));
        AwaitAssert(() => Assert.Equal(0, Status(watch).UnderLiquidation));
        watch.Tell(new PriceUpdated(Btc, 40_002m, T0, 3));
        accounts.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void An_account_that_answers_with_no_surplus_is_checked_at_once()
    {
        var (watch, accounts) = Watching();

        watch.Tell(Event(A, new FundsDeposited(A, RequestId.From("d"), 1m, T0)));
        accounts.ExpectMsg<GetCrossExposure>();
        accounts.Reply(Exposure(-5m, (Eth, 2_000m, 10m), (Btc, 40_000m, 0.5m)));

        Assert.Equal(A, accounts.ExpectMsg<CheckCrossAccount>().AccountId);
    }

    [Fact]
    public void An_account_asked_before_the_marks_came_is_asked_again_once_they_come()
    {
        var accounts = CreateTestProbe();
        var watch = Sys.ActorOf(Props.Create(() =>
            new CrossWatch(MarketCatalog.Default, Liquidator, accounts.Ref, CreateTestProbe().Ref, CreateTestProbe().Ref, _clock, TimeSpan.Zero, false, null)));
        watch.Tell(Event(A, new CrossPositionConfirmed(A, TransferId.Of(PositionId.From("x1"), 1), PositionId.From("x1"), 0m, 1m, T0)));
        Assert.Empty(accounts.ExpectMsg<GetCrossExposure>().Marks);
        var first = accounts.LastSender;

        // The marks come while the answer is on its way; valued without them, it has no band.
        watch.Tell(Pool(Eth, 1m));
        watch.Tell(new PriceUpdated(Eth, 2_000m, T0, 1));
        accounts.ExpectNoMsg(Quiet);
        accounts.Send(first, Exposure(1_000m));

        Assert.Equal([new MarketMark(Eth, 2_000m, 1, 1m)], accounts.ExpectMsg<GetCrossExposure>().Marks);
        accounts.Reply(Exposure(1_000m, (Eth, 2_000m, 10m)));
        AwaitAssert(() => Assert.Equal(1, Status(watch).Banded));
    }

    [Fact]
    public void A_stale_price_sends_nothing_even_past_a_band()
    {
        var (watch, accounts) = Watching();
        _clock.Now = T0.AddHours(1);

        watch.Tell(new PriceUpdated(Eth, 1_000m, T0.AddSeconds(1), 2));

        accounts.ExpectNoMsg(Quiet);
        Assert.Equal(0, Status(watch).ChecksSent);
    }

    private CrossWatchStatus Status(IActorRef watch)
    {
        var asker = CreateTestProbe();
        watch.Tell(GetCrossWatchStatus.Instance, asker.Ref);
        return asker.ExpectMsg<CrossWatchStatus>();
    }

    private EventEnvelope Event(AccountId account, object e)
    {
        _offset++;
        return new EventEnvelope(Offset.Sequence(_offset), "account-" + account.Value, _offset, e, 0, ["account"]);
    }

    private static CrossExposureResponse Exposure(decimal surplus, params (MarketId Market, decimal Price, decimal Sensitivity)[] markets) =>
        new(A, true, surplus, [.. markets.Select(m => new CrossSensitivity(m.Market, m.Price, m.Sensitivity))]);

    private static PoolStateResponse Pool(MarketId market, decimal index) =>
        new(market, true, 0m, 0m, 0m, 0m, 0m, index, 0m, 0m, 0m, 0m, 1m, 0m, 0m, 0m, null, 0m, 0m, [], 0, T0);
}
