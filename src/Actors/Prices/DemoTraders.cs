using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Prices;

/// <summary>
/// <c>--demo</c>: seeds each market, at its first published price, with a liquidity provider and
/// a few highly leveraged positions, so a new user sees breaches and liquidations within a minute
/// on the bundled price path. Ids are fixed: a second start on the same journal opens nothing new.
/// </summary>
public sealed class DemoTraders : ReceiveActor
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly HashSet<MarketId> _seeded = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public DemoTraders(IReadOnlyCollection<MarketId> markets, IActorRef accounts, IActorRef positions)
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        foreach (var market in markets)
            mediator.Tell(new Subscribe(PriceUpdated.Topic(market), Self));

        Receive<SubscribeAck>(_ => { });
        ReceiveAsync<PriceUpdated>(async price =>
        {
            if (!_seeded.Add(price.Market))
                return;
            try
            {
                await Seed(price, accounts, positions);
            }
            catch (Exception e) when (e is AskTimeoutException or InvalidOperationException)
            {
                _log.Warning("Demo: seeding {0} failed: {1}", price.Market, e.Message);
            }
        });
    }

    private async Task Seed(PriceUpdated price, IActorRef accounts, IActorRef positions)
    {
        var m = price.Market.Value;
        var lp = AccountId.From("demo-lp");
        await accounts.Ask<object>(new OpenAccount(lp, RequestId.From("demo-lp-open"), price.At), Timeout);
        await accounts.Ask<object>(new DepositFunds(lp, RequestId.From($"demo-lp-fund-{m}"), 1_000_000m, price.At), Timeout);
        await accounts.Ask<object>(new ProvideLiquidity(lp, RequestId.From($"demo-lp-provide-{m}"), price.Market, 1_000_000m, price.Price, price.At), Timeout);

        var opened = 0;
        foreach (var (n, side, leverage) in new[] { (1, PositionSide.Long, 40m), (2, PositionSide.Long, 25m), (3, PositionSide.Short, 10m), (4, PositionSide.Long, 5m) })
        {
            var trader = AccountId.From($"demo-trader-{n}");
            await accounts.Ask<object>(new OpenAccount(trader, RequestId.From($"demo-trader-{n}-open"), price.At), Timeout);
            await accounts.Ask<object>(new DepositFunds(trader, RequestId.From($"demo-trader-{n}-fund-{m}"), 10_000m, price.At), Timeout);
            var reply = await positions.Ask<object>(new OpenPosition(PositionId.From($"demo-{m}-{n}"), trader,
                RequestId.From($"demo-{m}-{n}-open"), price.Market, side, 2_000m, leverage, price.Price, price.At), Timeout);
            if (reply is PositionCommandAccepted)
                opened++;
        }

        _log.Info("Demo: {0} seeded at {1} with 1,000,000 of liquidity and {2} positions", m, price.Price, opened);
    }
}
