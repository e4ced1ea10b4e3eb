using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Faults;

/// <summary>
/// Traders and a price feed over HTTP against every node of the cluster: deposits, opens and closes
/// with idempotency keys and retries (<see cref="ClusterClient"/>), prices from two sources each
/// second. Everything sent is recorded with what became of it, for the journal to be checked against.
/// </summary>
public sealed class LoadDriver : IDisposable
{
    public static readonly string[] Markets = ["ETH-USD", "BTC-USD"];
    private static readonly decimal[] StartPrices = [2_000m, 60_000m];
    private static readonly decimal[] Leverages = [2m, 5m, 10m, 25m, 40m];
    private static readonly string[] Sources = ["source-a", "source-b"];

    private readonly ClusterClient _client;
    private readonly ClusterClient _feedClient;
    private readonly Random _random = new(20261202);
    private readonly List<PriceWalk> _walks;
    private readonly List<(string Id, string Key)> _traders = [];
    private DateTimeOffset _lastObservation = DateTimeOffset.MinValue;

    public LoadDriver(IReadOnlyList<Uri> nodes)
    {
        // A client gives up on a request after three minutes: longer than any node takes to come back.
        _client = new ClusterClient(nodes, TimeSpan.FromMinutes(3));
        _feedClient = new ClusterClient(nodes, TimeSpan.Zero);
        _walks = Markets.Select((m, i) => new PriceWalk(m, StartPrices[i], new Random(i))).ToList();
    }

    public ConcurrentQueue<DepositSent> Deposits { get; } = new();
    public ConcurrentQueue<OpenSent> Opens { get; } = new();
    public ConcurrentQueue<CloseSent> Closes { get; } = new();
    public ConcurrentQueue<PriceSent> Prices { get; } = new();

    public IReadOnlyList<string> Traders => _traders.Select(t => t.Id).ToList();

    public string LiquidityProvider { get; private set; } = "";

    public int Retries => _client.Retries;

    /// <summary>Prices for every market, an LP's pools and <paramref name="traders"/> accounts, before the load begins.</summary>
    public async Task Prepare(int traders)
    {
        await ReportPrices(shocks: false);
        var lp = await NewAccount();
        LiquidityProvider = lp.Id;
        await Deposit(lp, 3_000_000m);
        foreach (var market in Markets)
        {
            var provided = await _client.Send(HttpMethod.Post, $"/pools/{market}/deposits", new { amount = 1_000_000m }, lp.Key, $"lp-{market}");
            Assert.True(provided.Outcome == Outcome.Acknowledged, $"the LP's deposit into {market}: {provided.Status} {provided.Body}");
        }

        for (var i = 0; i < traders; i++)
        {
            var trader = await NewAccount();
            _traders.Add(trader);
            await Deposit(trader, 10_000m);
        }
    }

    /// <summary>Reports every market's next price from each source, once, all at the same time; a failed report is not retried.</summary>
    public Task ReportPrices(bool shocks) =>
        Task.WhenAll(_walks.Select(walk => (walk.Market, Price: walk.Next(shocks))).ToList()
            .SelectMany(next => Sources.Select(async source =>
            {
                var observedAt = NextObservation();
                var sent = await _feedClient.Send(HttpMethod.Post, $"/operator/markets/{next.Market}/prices",
                    new { source, price = next.Price, observedAt }, FaultNodes.OperatorKey);
                Prices.Enqueue(new PriceSent(next.Market, source, next.Price, observedAt, sent.Outcome));
            })));

    /// <summary>The feed: a round of reports each second until <paramref name="stop"/>.</summary>
    public async Task Feed(bool shocks, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await ReportPrices(shocks);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Every trader deposits, opens and closes until <paramref name="stop"/>; requests in flight then finish.</summary>
    public Task Trade(CancellationToken stop) =>
        Task.WhenAll(_traders.Select((t, i) => Task.Run(() => TraderLoop(t, new Random(i), stop))));

    private async Task TraderLoop((string Id, string Key) trader, Random random, CancellationToken stop)
    {
        var open = new List<string>();
        var step = 0;
        while (!stop.IsCancellationRequested)
        {
            step++;
            var roll = random.NextDouble();
            if (roll < 0.2)
                await Deposit(trader, 500m + step / 1_000_000m);
            else if (roll < 0.6 || open.Count == 0)
            {
                var market = Markets[random.Next(Markets.Length)];
                var key = $"open-{trader.Id}-{step}";
                var body = new
                {
                    market,
                    side = random.Next(2) == 0 ? "long" : "short",
                    collateral = Math.Round(50m + (decimal)random.NextDouble() * 250m, 2),
                    leverage = Leverages[random.Next(Leverages.Length)],
                    isolated = true,
                };
                var answer = await _client.Send(HttpMethod.Post, "/positions", body, trader.Key, key);
                var position = answer.Outcome == Outcome.Acknowledged ? answer.Body.GetProperty("positionId").GetString() : null;
                Opens.Enqueue(new OpenSent(trader.Id, key, market, answer.Outcome, position));
                if (position is not null)
                    open.Add(position);
            }
            else
            {
                var position = open[random.Next(open.Count)];
                var key = $"close-{position}";
                var answer = await _client.Send(HttpMethod.Post, $"/positions/{position}/close", null, trader.Key, key);
                Closes.Enqueue(new CloseSent(trader.Id, position, key, answer.Outcome));
                // Closed, or refused because a liquidator got there first: either way no longer the trader's to close.
                if (answer.Outcome != Outcome.Unknown)
                    open.Remove(position);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    private async Task<(string Id, string Key)> NewAccount()
    {
        // A create is not idempotent (README): retried, it opens another account; the driver keeps the one it heard of.
        var created = await _client.Send(HttpMethod.Post, "/accounts");
        Assert.True(created.Outcome == Outcome.Acknowledged, $"an account could not be opened: {created.Status}");
        return (created.Body.GetProperty("accountId").GetString()!, created.Body.GetProperty("apiKey").GetString()!);
    }

    private async Task Deposit((string Id, string Key) account, decimal amount)
    {
        var key = $"deposit-{account.Id}-{amount.ToString(CultureInfo.InvariantCulture)}";
        var answer = await _client.Send(HttpMethod.Post, $"/accounts/{account.Id}/deposits", new { amount }, account.Key, key);
        Deposits.Enqueue(new DepositSent(account.Id, key, amount, answer.Outcome));
    }

    /// <summary>Strictly increasing, so no two reports are the same observation.</summary>
    private DateTimeOffset NextObservation()
    {
        lock (_walks)
        {
            var now = DateTimeOffset.UtcNow;
            _lastObservation = now > _lastObservation ? now : _lastObservation.AddTicks(1);
            return _lastObservation;
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _feedClient.Dispose();
    }
}
