using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A story told to the pure states in one process (<see cref="InProcessExchange"/>): no actors, no
/// database, every message delivered at once. Prices go through the market's oracle, so every
/// price a command carries is one the oracle accepted, as on a node.
/// </summary>
public sealed class ExchangeStory(MarketCatalog? catalog = null)
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly MarketId Eth = MarketId.From("ETH-USD");

    public InProcessExchange X { get; } = new(catalog ?? MarketCatalog.Default);

    public DateTimeOffset Now { get; private set; } = T0;

    public void Advance(TimeSpan elapsed) => Now += elapsed;

    public AccountId Funded(string name, decimal amount)
    {
        var id = AccountId.From(name);
        X.Send(new OpenAccount(id, RequestId.New(), Now));
        X.Send(new DepositFunds(id, RequestId.New(), amount, Now));
        return id;
    }

    public object? DepositsAsset(AccountId account, string asset, decimal amount) =>
        X.Send(new DepositAsset(account, RequestId.New(), AssetId.From(asset), amount, Now));

    public object? WithdrawsAsset(AccountId account, string asset, decimal amount) =>
        X.Send(new WithdrawAsset(account, RequestId.New(), AssetId.From(asset), amount, Now));

    /// <summary>Every source reports the price now; returns the oracle's price number.</summary>
    public long PriceIs(decimal price, MarketId? market = null)
    {
        var m = market ?? Eth;
        foreach (var source in OracleParameters.Default.Sources)
            X.Send(new ReportPrice(m, source, price, Now, Now));
        return Oracle(m).Sequence;
    }

    public OracleState Oracle(MarketId? market = null) => X.Oracles.Single(o => o.Market == (market ?? Eth));

    public decimal Price(MarketId? market = null) => Oracle(market).Price!.Value;

    /// <summary>
    /// Past every circuit breaker's halt: the clock moves to the last halt's end and every priced
    /// market reports its price again. A crash of one tick trips the breaker, and an account with no
    /// cross position left sells its collateral only once the halt is over.
    /// </summary>
    public void PastHalt()
    {
        var halted = X.Oracles.Where(o => o.IsHaltedAt(Now)).Select(o => o.HaltedUntil!.Value).ToList();
        if (halted.Count == 0)
            return;
        Now = halted.Max();
        foreach (var (market, price) in X.Oracles.Where(o => o.Price is not null).Select(o => (o.Market, o.Price!.Value)).ToList())
            PriceIs(price, market);
    }

    /// <summary>The markets whose latest price came inside its circuit breaker's halt: what the cross-account watcher names in its checks.</summary>
    public IReadOnlyList<MarketId>? Halted() =>
        X.Oracles.Where(o => o.HaltedUntil is { } until && o.PriceAt < until).Select(o => o.Market).ToList() is { Count: > 0 } halted ? halted : null;

    /// <summary>A cross long of <paramref name="collateral"/> × <paramref name="leverage"/> at the market's oracle price, decided at the exchange's marks.</summary>
    public PositionId OpensCrossLong(AccountId trader, MarketId market, decimal collateral, decimal leverage) =>
        Assert.IsType<PositionCommandAccepted>(X.Send(new OpenPosition(PositionId.New(), trader, RequestId.New(), market, PositionSide.Long,
            collateral, leverage, Price(market), Now) { Cross = true, Marks = Marks() })).PositionId;

    /// <summary>Every priced market's oracle price with its number, the margin in force with it and its pool's borrow index now: what a cross decision is taken at.</summary>
    public IReadOnlyList<Messages.Accounts.MarketMark> Marks() =>
    [
        .. X.Oracles.Where(o => o.Price is not null).Select(o => new Messages.Accounts.MarketMark(o.Market, o.Price!.Value, o.Sequence,
            X.Pools.SingleOrDefault(p => p.Market == o.Market)?.AccruedTo(Now).BorrowIndex ?? 1m)
        {
            Margin = o.Margin.At(o.PriceAt!.Value),
            Funding = X.Pools.SingleOrDefault(p => p.Market == o.Market)?.AccruedTo(Now).Funding is { } f && (f.LongIndex != 0 || f.ShortIndex != 0)
                ? new Messages.Accounts.MarkFunding(f.LongIndex, f.ShortIndex)
                : null,
        }),
    ];

    public object? Provide(AccountId lp, decimal amount, MarketId? market = null) =>
        X.Send(new ProvideLiquidity(lp, RequestId.New(), market ?? Eth, amount, Price(market), Now));

    public object? Redeem(AccountId lp, decimal shares, MarketId? market = null) =>
        X.Send(new WithdrawLiquidity(lp, RequestId.New(), market ?? Eth, shares, Price(market), Now));

    public PositionId Opens(AccountId trader, PositionSide side, decimal collateral, decimal leverage, string? id = null)
    {
        var reply = TriesToOpen(trader, side, collateral, leverage, id);
        return reply is PositionCommandAccepted accepted
            ? accepted.PositionId
            : throw new ScenarioStepRefused($"open was refused: {reply}");
    }

    public object? TriesToOpen(AccountId trader, PositionSide side, decimal collateral, decimal leverage, string? id = null, MarketId? market = null) =>
        X.Send(new OpenPosition(id is null ? PositionId.New() : PositionId.From(id), trader, RequestId.New(), market ?? Eth, side,
            collateral, leverage, Price(market), Now));

    public PositionState Position(PositionId id) => X.Positions.Single(p => p.Id == id);

    public PoolState Pool(MarketId? market = null) => X.Pools.Single(p => p.Market == (market ?? Eth));

    public PoolStateResponse PoolView(MarketId? market = null) =>
        (PoolStateResponse)X.Send(new GetPoolState(market ?? Eth, Price(market), Now))!;

    /// <summary>What the risk index would send: a margin check at the oracle's latest price.</summary>
    public void Check(PositionId id)
    {
        var position = Position(id);
        var oracle = Oracle(position.Market);
        X.Send(new CheckMargin(id, oracle.Price!.Value, Pool(position.Market).AccruedTo(Now).BorrowIndex, oracle.Sequence, Now));
    }

    /// <summary>What a liquidator would send: the open breach, at the oracle's latest price, now.</summary>
    public LiquidationAnswer Liquidate(PositionId id, AccountId liquidator)
    {
        // The node's liquidators open their reward account when they start; a fixed request id makes it once.
        X.Send(new OpenAccount(liquidator, RequestId.From("open-" + liquidator), Now));
        var position = Position(id);
        var oracle = Oracle(position.Market);
        return (LiquidationAnswer)X.Send(new Liquidate(id, position.OpenBreach?.Breach ?? position.BreachCount, liquidator,
            oracle.Price!.Value, oracle.Sequence, oracle.PriceAt!.Value, Pool(position.Market).AccruedTo(Now).BorrowIndex, Now))!;
    }

    public void BooksBalance() => Assert.Empty(X.CheckInvariants(Now));
}
