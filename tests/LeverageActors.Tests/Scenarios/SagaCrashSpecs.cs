using Akka.Actor;
using LeverageActors.Actors.Assets;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Invariants;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>
/// A node dies between any two steps of a saga: the journal holds what was persisted, every
/// message in flight is lost. A new node on the same database must finish (or undo) the saga
/// and arrive at exactly the books of a run that never crashed.
/// </summary>
public abstract class SagaCrashSpecs(TestDatabases databases)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = T0.AddDays(3);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly AccountId Lp = AccountId.From("lp");
    private static readonly AccountId Trader = AccountId.From("trader");
    private static readonly AccountId Liquidator = AccountId.From("liquidator");
    private static readonly AccountId[] Accounts = [Lp, Trader, Liquidator];
    private static readonly PositionId Position = PositionId.From("p1");
    private static readonly AssetId Ether = AssetId.From("ETH");

    private static readonly decimal BreachPrice = 1_815m;

    // 10x long of 1,000 at 2,000: 5 ETH; at 1,815 equity is about 1,000 - fee - 925 = 74, under
    // the 1% maintenance of 5 x 1,815 = 90.75, so the check breaches and the liquidation pays out a remainder.
    private static readonly OpenPosition Open =
        new(Position, Trader, RequestId.From("open-p1"), Eth, PositionSide.Long, 1_000m, 10m, 2_000m, T0);

    /// <summary>A saga, the command that starts it, and how to tell it on the set-up exchange, cut after some deliveries.</summary>
    public sealed record Saga(string Name, Type Starts, Action<InProcessExchange, int?> Tell);

    /// <summary>
    /// Every saga the domain runs. A command that starts one must be here (or in
    /// <see cref="StartsNoSaga"/>): <see cref="Every_command_is_a_saga_with_crash_cuts_or_starts_none"/>
    /// fails until it is, so no saga lands without its crash test.
    /// </summary>
    public static readonly Saga[] Sagas =
    [
        new("open", typeof(OpenPosition), (x, cut) => x.Send(Open, cut)),
        new("refused-open", typeof(OpenPosition), (x, cut) => x.Send(Open with { Collateral = 50_000m, Leverage = 5m }, cut)),
        new("close", typeof(ClosePosition), (x, cut) =>
        {
            x.Send(Open);
            x.Send(new ClosePosition(Position, Trader, RequestId.From("close-p1"), 2_150m, Later), cut);
        }),
        new("decrease", typeof(DecreasePosition), (x, cut) =>
        {
            x.Send(Open);
            x.Send(new DecreasePosition(Position, Trader, RequestId.From("decrease-p1"), 0.4m, 2_100m, Later), cut);
        }),
        new("add-collateral", typeof(AddCollateral), (x, cut) =>
        {
            x.Send(Open);
            x.Send(new AddCollateral(Position, Trader, RequestId.From("ac-1"), 300m, Later), cut);
        }),
        new("refused-add-collateral", typeof(AddCollateral), (x, cut) =>
        {
            x.Send(Open);
            x.Send(new AddCollateral(Position, Trader, RequestId.From("ac-2"), 500_000m, Later), cut);
        }),
        new("remove-collateral", typeof(RemoveCollateral), (x, cut) =>
        {
            x.Send(Open);
            x.Send(new RemoveCollateral(Position, Trader, RequestId.From("rc-1"), 200m, 2_010m, Later), cut);
        }),
        new("breach", typeof(CheckMargin), (x, cut) =>
        {
            x.Send(Open);
            x.Send(Check(x), cut);
        }),
        new("liquidation", typeof(Liquidate), (x, cut) =>
        {
            x.Send(Open);
            x.Send(Check(x));
            x.Send(new Liquidate(Position, 1, Liquidator, BreachPrice, 1, Later, x.Pools.Single().AccruedTo(Later).BorrowIndex, Later), cut);
        }),
        new("auto-deleverage", typeof(AutoDeleverage), (x, cut) =>
        {
            // 5 ETH on 995 (1,000 less the fee), at 2,150 in profit: half of it goes at that price.
            x.Send(Open);
            x.Send(new AutoDeleverage(Position, Eth, 1, 1, 0.5m, 2_150m, 1, Later, 5m, 995m, 90_000m, 100_000m, Later), cut);
        }),
        new("trigger", typeof(ExecuteTrigger), (x, cut) =>
        {
            // A take-profit at 2,100 the risk index finds reached at 2,150: the owner's close of it all.
            x.Send(Open);
            x.Send(new PlaceTrigger(Position, Trader, RequestId.From("tp-1"), TriggerKind.TakeProfit, 2_100m, 1m, 2_000m, Later));
            x.Send(new ExecuteTrigger(Position, 1, 2_150m, 1, Later, Later), cut);
        }),
        new("provide-liquidity", typeof(ProvideLiquidity), (x, cut) =>
            x.Send(new ProvideLiquidity(Trader, RequestId.From("lp-2"), Eth, 5_000m, 2_000m, Later), cut)),
        new("refused-provide-liquidity", typeof(ProvideLiquidity), (x, cut) =>
            x.Send(new ProvideLiquidity(Trader, RequestId.From("lp-3"), MarketId.From("BTC-USD"), 500m, 60_000m, Later), cut)),
        new("withdraw-liquidity", typeof(WithdrawLiquidity), (x, cut) =>
            x.Send(new WithdrawLiquidity(Lp, RequestId.From("lp-out"), Eth, 10_000m, 2_000m, Later), cut)),
        new("deposit-asset", typeof(DepositAsset), (x, cut) =>
            x.Send(new DepositAsset(Trader, RequestId.From("eth-in"), Ether, 3m, Later), cut)),
        new("refused-deposit-asset", typeof(DepositAsset), (x, cut) =>
            x.Send(new DepositAsset(Trader, RequestId.From("eth-flood"), Ether, 1_000_000m, Later), cut)),
        new("withdraw-asset", typeof(WithdrawAsset), (x, cut) =>
        {
            x.Send(new DepositAsset(Trader, RequestId.From("eth-in"), Ether, 3m, Later));
            x.Send(new WithdrawAsset(Trader, RequestId.From("eth-out"), Ether, 2m, Later), cut);
        }),
    ];

    /// <summary>Commands one entity decides alone: nothing is in flight after them, so there is nothing to cut.</summary>
    private static readonly Type[] StartsNoSaga =
    [
        typeof(OpenAccount), typeof(DepositFunds), typeof(WithdrawFunds), typeof(PlaceTrigger), typeof(CancelTrigger),
        typeof(AddApiKey), typeof(RevokeApiKey), typeof(RevokeOtherApiKeys), typeof(GrantFirstApiKey),
    ];

    private static CheckMargin Check(InProcessExchange x) =>
        new(Position, BreachPrice, x.Pools.Single().AccruedTo(Later).BorrowIndex, 1, Later);

    public static TheoryData<string, int> CutPoints()
    {
        var data = new TheoryData<string, int>();
        foreach (var saga in Sagas)
        {
            var total = Story(saga.Name, null).LastDeliveries;
            for (var cut = 1; cut < total; cut++)
                data.Add(saga.Name, cut);
        }

        return data;
    }

    /// <summary>Everything before the saga runs to completion; the saga itself stops after <paramref name="cut"/> deliveries.</summary>
    private static InProcessExchange Story(string saga, int? cut)
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        foreach (var account in Accounts)
        {
            x.Send(new OpenAccount(account, RequestId.From("open-" + account), T0));
            if (account != Liquidator)
                x.Send(new DepositFunds(account, RequestId.From("fund-" + account), 100_000m, T0));
        }

        x.Send(new ProvideLiquidity(Lp, RequestId.From("lp-1"), Eth, 100_000m, 2_000m, T0));
        Sagas.Single(s => s.Name == saga).Tell(x, cut);
        return x;
    }

    [Fact]
    public void Every_command_is_a_saga_with_crash_cuts_or_starts_none()
    {
        var commands = typeof(OpenPosition).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false }
                        && (typeof(IPositionCommand).IsAssignableFrom(t) || typeof(IAccountCommand).IsAssignableFrom(t)))
            .Append(typeof(CheckMargin)).Append(typeof(Liquidate)).Append(typeof(AutoDeleverage));
        var uncovered = commands.Where(t => !StartsNoSaga.Contains(t) && Sagas.All(s => s.Starts != t)).Select(t => t.Name);
        Assert.Empty(uncovered);

        // Each saga is more than one step, so it has cut points, and it is the command it names that runs it.
        foreach (var saga in Sagas)
            Assert.True(Story(saga.Name, null).LastDeliveries > 1, $"{saga.Name} delivers a single message: nothing to cut");
    }

    [Theory]
    [MemberData(nameof(CutPoints), MemberType = typeof(SagaCrashSpecs))]
    public async Task A_crash_between_saga_steps_ends_in_the_books_of_a_run_without_one(string saga, int cut)
    {
        var expected = Story(saga, null);
        var crashed = Story(saga, cut);
        using var database = databases.Durable();
        LeverageActors.Actors.Persistence.JournalTableWriter.Write(database.Journal, crashed.Journal);

        // The node comes back 30 s after the story's last step, within an open's price age: an open
        // resumed later fails instead (`open-lapsed`, SagaWatchdogSpecs), which no run without a crash does.
        await using var after = await TestNode.StartAsync(database, new NodeOptions { Clock = new ManualClock(StoryTime(saga).AddSeconds(30)) });
        var books = await SettledBooks(after);

        var reference = ReferenceBooks(expected);
        Assert.Equal(Json(reference.Accounts), Json(books.Accounts));
        Assert.Equal(Json(reference.Positions), Json(books.Positions));
        Assert.Equal(Json(reference.Pools), Json(books.Pools));
        // The cap ledger too: a crash between admission and credit must neither lose nor double the room.
        Assert.Equal(
            Json(expected.AssetLedgers.Where(l => l.Asset == Ether).Select(l => l.View()).SingleOrDefault()
                 ?? AssetLedgerState.Initial(Ether, MarketCatalog.Default).View()),
            Json(await Akka.Hosting.ActorRegistry.For(after.System).Get<AssetRegion>().Ask<AssetLedgerView>(new GetAssetLedger(Ether), Eventually.Timeout)));
        new Support.Books(books.Accounts, books.Positions, books.Pools).AssertBalanced();
    }

    /// <summary>When the saga's story ends: the opens' at <see cref="T0"/>, every other saga at <see cref="Later"/>.</summary>
    private static DateTimeOffset StoryTime(string saga) => saga is "open" or "refused-open" ? T0 : Later;

    private sealed record Snapshot(List<AccountBalanceResponse> Accounts, List<PositionView> Positions, List<PoolStateResponse> Pools);

    private static readonly DateTimeOffset ViewTime = T0.AddDays(10);

    private static Snapshot ReferenceBooks(InProcessExchange x) => new(
        [.. Accounts.Select(a => (AccountBalanceResponse)x.Send(new GetAccountBalance(a))!)],
        [.. x.Positions.Select(p => p.View(null, null))],
        [(PoolStateResponse)x.Send(new GetPoolState(Eth, null, ViewTime))!]);

    /// <summary>Wakes every entity (recovery re-sends what was in flight) and waits until nothing is.</summary>
    private static async Task<Snapshot> SettledBooks(TestNode node)
    {
        var books = await Support.Books.Settled(node.Accounts, node.Positions, node.Pools, Accounts, [Position], [Eth], ViewTime);
        return new Snapshot(books.Accounts, books.Positions, books.Pools);
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value, LeverageJson.Options);
}

public sealed class SagaCrashOnSqlite() : SagaCrashSpecs(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class SagaCrashOnPostgres(PostgresFixture postgres) : SagaCrashSpecs(postgres.Databases);
