using Akka.Actor;
using LeverageActors.Actors.Invariants;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
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
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly AccountId Lp = AccountId.From("lp");
    private static readonly AccountId Trader = AccountId.From("trader");
    private static readonly PositionId Position = PositionId.From("p1");

    public static TheoryData<string, int> CutPoints()
    {
        var data = new TheoryData<string, int>();
        foreach (var saga in new[] { "open", "refused-open", "close", "provide-liquidity", "remove-collateral" })
        {
            var total = Story(saga, null).LastDeliveries;
            for (var cut = 1; cut < total; cut++)
                data.Add(saga, cut);
        }

        return data;
    }

    /// <summary>Everything before the saga runs to completion; the saga itself stops after <paramref name="cut"/> deliveries.</summary>
    private static InProcessExchange Story(string saga, int? cut)
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        foreach (var account in new[] { Lp, Trader })
        {
            x.Send(new OpenAccount(account, RequestId.From("open-" + account), T0));
            x.Send(new DepositFunds(account, RequestId.From("fund-" + account), 100_000m, T0));
        }

        x.Send(new ProvideLiquidity(Lp, RequestId.From("lp-1"), Eth, 100_000m, 2_000m, T0));
        var open = new OpenPosition(Position, Trader, RequestId.From("open-p1"), Eth, PositionSide.Long, 1_000m, 10m, 2_000m, T0);
        var later = T0.AddDays(3);
        switch (saga)
        {
            case "open":
                x.Send(open, cut);
                break;
            case "refused-open":
                x.Send(open with { Collateral = 50_000m, Leverage = 5m }, cut);
                break;
            case "close":
                x.Send(open);
                x.Send(new ClosePosition(Position, Trader, RequestId.From("close-p1"), 2_150m, later), cut);
                break;
            case "provide-liquidity":
                x.Send(new ProvideLiquidity(Trader, RequestId.From("lp-2"), Eth, 5_000m, 2_000m, later), cut);
                break;
            case "remove-collateral":
                x.Send(open);
                x.Send(new RemoveCollateral(Position, Trader, RequestId.From("rc-1"), 200m, 2_010m, later), cut);
                break;
        }

        return x;
    }

    [Theory]
    [MemberData(nameof(CutPoints), MemberType = typeof(SagaCrashSpecs))]
    public async Task A_crash_between_saga_steps_ends_in_the_books_of_a_run_without_one(string saga, int cut)
    {
        var expected = Story(saga, null);
        var crashed = Story(saga, cut);
        using var database = databases.Durable();
        LeverageActors.Actors.Persistence.JournalTableWriter.Write(database.Journal, crashed.Journal);

        await using var after = await TestNode.StartAsync(database);
        var books = await SettledBooks(after);

        var reference = Books(expected);
        Assert.Equal(Json(reference.Accounts), Json(books.Accounts));
        Assert.Equal(Json(reference.Positions), Json(books.Positions));
        Assert.Equal(Json(reference.Pools), Json(books.Pools));
        var violations = InvariantChecker.Check(books.Accounts, books.Positions, books.Pools);
        Assert.True(violations.Count == 0, string.Join("; ", violations));
    }

    private sealed record Snapshot(List<AccountBalanceResponse> Accounts, List<PositionView> Positions, List<PoolStateResponse> Pools);

    private static readonly DateTimeOffset ViewTime = T0.AddDays(10);

    private static Snapshot Books(InProcessExchange x) => new(
        [.. new[] { Lp, Trader }.Select(a => (AccountBalanceResponse)x.Send(new GetAccountBalance(a))!)],
        [.. x.Positions.Select(p => p.View(null, null))],
        [(PoolStateResponse)x.Send(new GetPoolState(Eth, null, ViewTime))!]);

    /// <summary>Wakes every entity (recovery re-sends what was in flight) and waits until nothing is.</summary>
    private static async Task<Snapshot> SettledBooks(TestNode node)
    {
        var deadline = DateTime.UtcNow + Scenario.Timeout;
        while (true)
        {
            // Positions first: an acknowledged transfer is applied, so accounts read afterwards show it.
            var positions = new List<PositionView>();
            if (await node.Positions.Ask<object>(new GetPosition(Position, null, null), Scenario.Timeout) is PositionView view)
                positions.Add(view);
            var accounts = new List<AccountBalanceResponse>();
            foreach (var a in new[] { Lp, Trader })
                accounts.Add(await node.Accounts.Ask<AccountBalanceResponse>(new GetAccountBalance(a), Scenario.Timeout));
            var pool = await node.Pools.Ask<PoolStateResponse>(new GetPoolState(Eth, null, ViewTime), Scenario.Timeout);

            var quiet = positions.All(p => p.PendingSteps == 0)
                        && accounts.All(a => a.LockedCollateral == 0 && a.InTransitToPools == 0);
            if (quiet)
                return new Snapshot(accounts, positions, [pool]);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"saga still in flight: {Json(positions)} {Json(accounts)}");
            await Task.Delay(PollInterval);
        }
    }

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value, LeverageJson.Options);
}

public sealed class SagaCrashOnSqlite() : SagaCrashSpecs(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class SagaCrashOnPostgres(PostgresFixture postgres) : SagaCrashSpecs(postgres.Databases);
