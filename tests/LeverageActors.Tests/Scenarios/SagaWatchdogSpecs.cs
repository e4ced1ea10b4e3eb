using Akka.Actor;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Serialization;
using LeverageActors.Tests.Audit;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>
/// A node that starts on a journal holding a saga cut short (its node died mid-way): the saga
/// watchdog finds the entity, wakes it, and says so in its status; nobody else asks for it.
/// </summary>
public class SagaWatchdogSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    [Fact]
    public async Task The_watchdog_wakes_a_position_left_mid_saga_and_reports_its_search()
    {
        using var database = TestDatabases.Sqlite.Durable();
        JournalTableWriter.Write(database.Journal, OpenCutShort());

        // The node comes back within the open's price age (a minute by default).
        await using var node = await TestNode.StartAsync(database, new NodeOptions { Clock = new ManualClock(T0.AddSeconds(30)) });
        Assert.Equal(1, (await Searched(node)).Woken);

        // Woken by the watchdog alone, the position finishes its open: the pool backs it.
        await Eventually.Holds("the pool backs the woken position", async () =>
            (await node.Pools.Ask<PoolStateResponse>(new GetPoolState(Eth, null, T0.AddDays(1)), TestNode.Timeout)).LongOpenInterest > 0);
    }

    /// <summary>
    /// The same open woken after a longer outage (fails on the code before `open-lapsed`: the open went on
    /// at its two-minute-old price and the pool backed it). It fails instead, its lock released.
    /// </summary>
    [Fact]
    public async Task A_position_woken_mid_open_past_its_price_age_fails_the_open_and_the_trader_keeps_every_dollar()
    {
        using var database = TestDatabases.Sqlite.Durable();
        JournalTableWriter.Write(database.Journal, OpenCutShort());

        var clock = new ManualClock(T0.AddMinutes(2));
        await using (var node = await TestNode.StartAsync(database, new NodeOptions { Clock = clock }))
        {
            Assert.Equal(1, (await Searched(node)).Woken);
            await Eventually.Holds("the woken open is refused as lapsed", async () =>
                await node.Positions.Ask<object>(new GetPosition(P1, null, null), TestNode.Timeout) is PositionView { Status: PositionStatus.Failed, PendingSteps: 0 });
            var pool = await node.Pools.Ask<PoolStateResponse>(new GetPoolState(Eth, null, clock.Now), TestNode.Timeout);
            Assert.Equal(0m, pool.LongOpenInterest);
            var trader = await node.Accounts.Ask<AccountBalanceResponse>(new GetAccountBalance(Trader), TestNode.Timeout);
            Assert.Equal((100_000m, 0m), (trader.FreeBalance, trader.LockedCollateral));
            (await Books.Settled(node.Accounts, node.Positions, node.Pools, [Lp, Trader], [P1], [Eth], clock.Now)).AssertBalanced();
        }

        var failed = JournalSource.For(database.Journal).Rows().Select(r => LeverageSerializer.Decode(r.Payload, r.Manifest!)).OfType<PositionOpenFailed>().Single();
        Assert.Equal(RejectionCodes.OpenLapsed, failed.Reason.Code);
        Assert.Empty(AuditJournal.Replay(database).Violations);
    }

    /// <summary>
    /// The pool reserved and its answer was lost with the node; the answer, sent again, is what wakes the
    /// position, after its open's price age. The recovery ends the open before that answer, stashed
    /// while it ran, is handled (fails on the code that told itself the lapse behind it: opened at the old price).
    /// </summary>
    [Fact]
    public async Task A_pool_answer_that_wakes_a_position_whose_open_lapsed_meanwhile_opens_nothing()
    {
        var journal = OpenCutShort(deliveries: 4);
        Assert.Contains(journal, e => e.Event is LiquidityReserved);
        Assert.DoesNotContain(journal, e => e.Event is PositionOpened);
        using var database = TestDatabases.Sqlite.Durable();
        JournalTableWriter.Write(database.Journal, journal);

        var clock = new ManualClock(T0.AddMinutes(2));
        await using (var node = await TestNode.StartAsync(database, new NodeOptions { Clock = clock }))
        {
            var borrowIndex = journal.Select(e => e.Event).OfType<LiquidityReserved>().Single().BorrowIndex;
            node.Positions.Tell(new LiquidityReservedReply(Eth, P1, borrowIndex));
            await Eventually.Holds("the woken open is refused as lapsed", async () =>
                await node.Positions.Ask<object>(new GetPosition(P1, null, null), TestNode.Timeout) is PositionView { Status: PositionStatus.Failed, PendingSteps: 0 });
            Assert.Equal(0m, (await node.Pools.Ask<PoolStateResponse>(new GetPoolState(Eth, null, clock.Now), TestNode.Timeout)).LongOpenInterest);
            var trader = await node.Accounts.Ask<AccountBalanceResponse>(new GetAccountBalance(Trader), TestNode.Timeout);
            Assert.Equal((100_000m, 0m), (trader.FreeBalance, trader.LockedCollateral));
            (await Books.Settled(node.Accounts, node.Positions, node.Pools, [Lp, Trader], [P1], [Eth], clock.Now)).AssertBalanced();
        }

        Assert.Empty(AuditJournal.Replay(database).Violations);
    }

    private static readonly AccountId Lp = AccountId.From("lp");
    private static readonly AccountId Trader = AccountId.From("trader");
    private static readonly PositionId P1 = PositionId.From("p1");

    /// <summary>A journal whose open is persisted by the position and goes no further: the node died there.</summary>
    private static IReadOnlyList<(string PersistenceId, Messages.ILeverageEvent Event)> OpenCutShort(int deliveries = 1)
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        foreach (var source in new[] { "source-a", "source-b" })
            x.Send(new ReportPrice(Eth, source, 2_000m, T0, T0));
        foreach (var account in new[] { Lp, Trader })
        {
            x.Send(new OpenAccount(account, RequestId.New(), T0));
            x.Send(new DepositFunds(account, RequestId.New(), 100_000m, T0));
        }

        x.Send(new ProvideLiquidity(Lp, RequestId.New(), Eth, 100_000m, 2_000m, T0));
        x.Send(new OpenPosition(P1, Trader, RequestId.New(), Eth, PositionSide.Long, 1_000m, 10m, 2_000m, T0), maxDeliveries: deliveries);
        return x.Journal.ToList();
    }

    [Fact]
    public async Task The_watchdog_wakes_an_oracle_whose_halt_never_reached_its_pool_from_the_halt_records_alone()
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        var lp = AccountId.From("lp");
        x.Send(new OpenAccount(lp, RequestId.New(), T0));
        x.Send(new DepositFunds(lp, RequestId.New(), 100_000m, T0));
        x.Send(new ProvideLiquidity(lp, RequestId.New(), Eth, 100_000m, 2_000m, T0));
        foreach (var source in new[] { "source-a", "source-b" })
            x.Send(new ReportPrice(Eth, source, 2_000m, T0, T0));
        // A 20% move trips the breaker; the oracle's halt goes no further: the node died there.
        var trip = T0.AddMinutes(1);
        x.Send(new ReportPrice(Eth, "source-a", 2_400m, trip, trip));
        x.Send(new ReportPrice(Eth, "source-b", 2_400m, trip, trip), maxDeliveries: 1);
        var tripped = Assert.Single(x.Journal.Select(e => e.Event).OfType<CircuitBreakerTripped>());
        Assert.DoesNotContain(x.Journal, e => e.Event is TradingHalted);
        using var database = TestDatabases.Sqlite.Durable();
        JournalTableWriter.Write(database.Journal, x.Journal);

        // No price reaches this node: only the watchdog can wake the oracle.
        await using var node = await TestNode.StartAsync(database);
        Assert.Equal(1, (await Searched(node)).Woken);
        await Eventually.Holds("the pool holds the oracle's halt", async () =>
            (await node.Pools.Ask<PoolStateResponse>(new GetPoolState(Eth, null, trip), TestNode.Timeout)).HaltedUntil == tripped.Until);
    }

    /// <summary>The watchdog's status once it has searched the journal.</summary>
    private static async Task<SagaWatchdogStatus> Searched(TestNode node)
    {
        SagaWatchdogStatus? status = null;
        await Eventually.Holds("the saga watchdog searched the journal", async () =>
            (status = await node.MarketWatch.Ask<SagaWatchdogStatus>(GetSagaWatchdogStatus.Instance, TestNode.Timeout)).Searched,
            within: TimeSpan.FromSeconds(90));
        return status!;
    }
}
