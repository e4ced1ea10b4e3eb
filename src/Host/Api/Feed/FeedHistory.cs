using Akka.Actor;
using LeverageActors.Actors.Markets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeverageActors.Host.Api.Feed;

/// <summary>
/// The live feed's most recent events, kept in this node's memory from its start, so a client
/// that connects late (the dashboard opened after the first liquidations) can show what it missed:
/// the last <see cref="PricesPerMarket"/> prices of each market and the last
/// <see cref="ActivityKept"/> position events. Public like the feed; lost when the node stops.
/// </summary>
public sealed class FeedHistory(IServiceProvider services, MarketCatalog catalog) : IHostedService
{
    public const int PricesPerMarket = 300;
    public const int ActivityKept = 200;

    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<Entry>> _prices = new(StringComparer.Ordinal);
    private readonly Queue<Entry> _activity = new();
    private long _sequence;
    private IActorRef? _recorder;
    private ActorSystem? _system;

    /// <summary>Runs after the actor system's own hosted service (registered before this one) has started it.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _system = services.GetRequiredService<ActorSystem>();
        var topics = catalog.Markets.Keys.SelectMany(FeedEvent.Topics).ToList();
        _recorder = _system.ActorOf(Props.Create(() => new FeedRecorder(topics, this)), "feed-history");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_recorder is not null)
            _system?.Stop(_recorder);
        return Task.CompletedTask;
    }

    /// <summary>Called by the recorder, one message at a time.</summary>
    public void Record(string name, string? market, object data)
    {
        lock (_gate)
        {
            var entry = new Entry(++_sequence, name, data);
            Queue<Entry> ring;
            int limit;
            if (name == "price" && market is not null)
            {
                if (!_prices.TryGetValue(market, out ring!))
                    _prices[market] = ring = new Queue<Entry>();
                limit = PricesPerMarket;
            }
            else
            {
                ring = _activity;
                limit = ActivityKept;
            }

            ring.Enqueue(entry);
            while (ring.Count > limit)
                ring.Dequeue();
        }
    }

    /// <summary>The kept events of the given markets (all when none), oldest first.</summary>
    public IReadOnlyList<Entry> Recent(IReadOnlySet<string>? markets)
    {
        lock (_gate)
        {
            return _prices.Where(p => markets is null || markets.Contains(p.Key)).SelectMany(p => p.Value)
                .Concat(_activity.Where(e => markets is null || markets.Contains(FeedEvent.MarketOf(e.Data) ?? "")))
                .OrderBy(e => e.Sequence)
                .ToList();
        }
    }

    public sealed record Entry(long Sequence, string Event, object Data);
}
