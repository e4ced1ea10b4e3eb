using System.Collections.Concurrent;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Host.Api;

/// <summary>
/// The priced pool views <c>GET /pools/{market}</c> answers, one per market at a time, shared by every
/// caller for up to <see cref="Reuse"/> at the same oracle price. Valuing a pool at a price walks every
/// open position of the market on the pool's own actor, which every open, settlement and liquidation
/// of the market waits for: asked once per request, a public read without a key could keep that actor
/// busy with valuations (a tenth of a second or more at 100,000 positions) while liquidations queue.
/// </summary>
public sealed class PoolViews(TradingGateway gateway, TimeProvider clock)
{
    public static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<MarketId, Shared> _latest = new();

    /// <summary>The pool valued at <paramref name="price"/> (null: without a price), asked now or less than <see cref="Reuse"/> ago.</summary>
    public Task<PoolStateResponse> At(MarketId market, decimal? price, CancellationToken token)
    {
        var now = clock.GetUtcNow();
        var shared = _latest.AddOrUpdate(market, _ => Ask(market, price, now), (_, old) => old.Serves(price, now) ? old : Ask(market, price, now));
        // Shared by callers, so no caller's hang-up cancels it; each waits with its own token.
        return shared.View.Value.WaitAsync(token);
    }

    private Shared Ask(MarketId market, decimal? price, DateTimeOffset now) =>
        new(price, now, new Lazy<Task<PoolStateResponse>>(async () =>
            (PoolStateResponse)await gateway.Ask(new GetPoolState(market, price, now) { AllProviders = false }, CancellationToken.None)));

    private sealed record Shared(decimal? Price, DateTimeOffset At, Lazy<Task<PoolStateResponse>> View)
    {
        // A view that failed (the pool did not answer in time) is asked again by the next caller.
        public bool Serves(decimal? price, DateTimeOffset now) =>
            Price == price && now - At < Reuse && now >= At && !(View.IsValueCreated && (View.Value.IsFaulted || View.Value.IsCanceled));
    }
}
