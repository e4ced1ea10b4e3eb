using Akka.Actor;
using LeverageActors.Actors.Invariants;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Risk;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A small language for trading stories against a real node (shard regions, SQLite journal):
/// <code>
/// await using var s = await Scenario.StartAsync();
/// s.PriceIs("ETH-USD", 2_000);
/// await s.GivenPool("ETH-USD", 1_000_000);
/// var a = await s.Trader("A").Deposits(10_000);
/// var p = await a.Opens("ETH-USD", PositionSide.Long, collateral: 1_000, leverage: 10);
/// s.PriceIs("ETH-USD", 2_100);
/// await a.Closes(p);
/// await s.BooksBalance();
/// </code>
/// Every step waits for its answer; prices and time come from the scenario, never from a clock.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly TestDatabase _database;
    private readonly HashSet<AccountId> _accounts = [];
    private readonly HashSet<PositionId> _positions = [];
    private readonly HashSet<MarketId> _markets = [];

    /// <summary>How the story's node starts, and starts again on a restart.</summary>
    private readonly NodeOptions _options;

    private Scenario(TestDatabase database, TestNode node, NodeOptions options, ManualClock clock)
    {
        _database = database;
        Node = node;
        _options = options;
        _clock = clock;
        _accounts.Add(Liquidator);
    }

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The story's time: what commands carry and what the node's liquidators and risk indexes read.</summary>
    private readonly ManualClock _clock;

    /// <summary>Where liquidation rewards go (the node's default liquidator account).</summary>
    public static readonly AccountId Liquidator = AccountId.From("liquidator");

    public TestNode Node { get; private set; }

    public ScenarioPrices Prices { get; } = new();

    public DateTimeOffset Now => _clock.Now;

    /// <param name="node">Last changes to the node's settings (e.g. cross margin on).</param>
    /// <param name="hocon">HOCON over the node's own.</param>
    public static async Task<Scenario> StartAsync(
        TestDatabase? database = null, MarketCatalog? markets = null, Func<Host.Node.NodeSettings, Host.Node.NodeSettings>? node = null,
        string? hocon = null)
    {
        database ??= TestDatabase.InMemory();
        var clock = new ManualClock(Start);
        var options = new NodeOptions { Markets = markets ?? MarketCatalog.Default, Clock = clock, Node = node, Hocon = hocon };
        return new Scenario(database, await TestNode.StartAsync(database, options), options, clock);
    }

    /// <summary>Stops the node and starts a new one on the same journal.</summary>
    public async Task Restart()
    {
        await Node.DisposeAsync();
        Node = await TestNode.StartAsync(_database, _options);
    }

    /// <summary>Every source of the market's oracle reports <paramref name="price"/> now; the oracle publishes it.</summary>
    public async Task OracleReports(string market, decimal price)
    {
        PriceIs(market, price);
        var id = MarketId.From(market);
        foreach (var source in OracleParameters.Default.Sources)
            await Ask<ReportAnswered>(Node.Oracles, new ReportPrice(id, source, price, Now, Now));
    }

    /// <summary>Waits until the market's risk index has read the journal and its liquidator is running.</summary>
    public async Task MarketIsWatched(string market)
    {
        var id = MarketId.From(market);
        await Eventually.Holds($"the risk index of {market} to catch up", async () =>
            await Node.MarketWatch.Ask<object>(new GetRiskIndexStatus(id), Timeout) is RiskIndexStatus { CaughtUp: true });
        await Ask<LiquidatorStatus>(Node.MarketWatch, new GetLiquidatorStatus(id));
    }

    /// <summary>The position once <paramref name="condition"/> holds and nothing is in flight.</summary>
    public async Task<PositionView> PositionWhen(PositionId id, Func<PositionView, bool> condition, string what)
    {
        PositionView? view = null;
        await Eventually.Holds($"position {id} to be {what}", async () =>
            (view = await Settled(id)) is { } v && condition(v));
        return view!;
    }

    public void Advance(TimeSpan elapsed) => _clock.Now += elapsed;

    public void PriceIs(string market, decimal price) => Prices.Set(MarketId.From(market), price, Now);

    public decimal PriceOf(MarketId market) =>
        Prices.Latest(market)?.Price ?? throw new InvalidOperationException($"No price set for {market}");

    /// <summary>A liquidity provider opens an account, deposits and provides all of it to the pool.</summary>
    public async Task<TraderSteps> GivenPool(string market, decimal liquidity, string provider = "lp")
    {
        var lp = await (await Trader($"{provider}-{market}")).Deposits(liquidity);
        await lp.Provides(market, liquidity);
        return lp;
    }

    public async Task<TraderSteps> Trader(string name)
    {
        var id = AccountId.From(name);
        _accounts.Add(id);
        await Ask<AccountCommandAccepted>(Node.Accounts, new OpenAccount(id, RequestId.New(), Now));
        return new TraderSteps(this, id);
    }

    public Task<PoolStateResponse> Pool(string market) => Pool(MarketId.From(market));

    public Task<PoolStateResponse> Pool(MarketId market) =>
        Ask<PoolStateResponse>(Node.Pools, new GetPoolState(market, Prices.Latest(market)?.Price, Now));

    public async Task<PositionView> Position(PositionId id)
    {
        var first = await Ask<PositionView>(Node.Positions, new GetPosition(id, null, null));
        var pool = await Pool(first.Market);
        return await Ask<PositionView>(Node.Positions, new GetPosition(id, Prices.Latest(first.Market)?.Price, pool.BorrowIndex));
    }

    public Task<AccountBalanceResponse> Balance(AccountId id) =>
        Ask<AccountBalanceResponse>(Node.Accounts, new GetAccountBalance(id));

    /// <summary>
    /// Waits until the position's sagas have nothing in flight (the account has its payout, the
    /// pool its cancellation), polling like TestKit's AwaitAssert.
    /// Returns null for a position that never came to exist (refused before its first event).
    /// </summary>
    public async Task<PositionView?> Settled(PositionId position)
    {
        object? reply = null;
        await Eventually.Holds($"position {position} to finish its sagas", async () =>
            (reply = await Ask<object>(Node.Positions, new GetPosition(position, null, null))) is not PositionView { PendingSteps: > 0 });
        return reply as PositionView;
    }


    /// <summary>Conservation, reservations and non-negativity (DESIGN §4, 1–3) over everything the story touched.</summary>
    public async Task BooksBalance() =>
        (await Books.Settled(Node.Accounts, Node.Positions, Node.Pools, _accounts, _positions, _markets, Now, Node.Assets)).AssertBalanced();

    internal void Track(PositionId position) => _positions.Add(position);

    internal void Track(MarketId market) => _markets.Add(market);

    internal async Task<T> Ask<T>(IActorRef region, object message)
    {
        var reply = await region.Ask<object>(message, Timeout);
        return reply is T typed
            ? typed
            : throw new ScenarioStepRefused($"{message.GetType().Name} was answered with {reply}");
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        _database.Dispose();
    }
}

/// <summary>A step was answered with a refusal where the story expected success.</summary>
public sealed class ScenarioStepRefused(string message) : Exception(message);
