using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Feed;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>
/// <c>GET /stream</c>: Server-Sent Events of prices, opens, decreases, closes, breaches and
/// liquidations, for all markets or those named in <c>?markets=ETH-USD,BTC-USD</c>. The first
/// event, <c>ready</c>, says the subscriptions are in place. Public, like a trade tape: events
/// name positions, never accounts.
/// </summary>
public static class StreamEndpoints
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private const int Buffer = 10_000;

    public static void MapStream(this IEndpointRouteBuilder app) =>
        app.MapGet("/stream", Stream)
            .WithSummary("Live Server-Sent Events: ready, price, open, decrease, close, breach, liquidation")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

    private static async Task Stream(HttpContext http, ActorSystem system, MarketCatalog catalog, string? markets)
    {
        var chosen = new List<MarketId>();
        foreach (var name in (markets ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (market, unknown) = Validation.Market(catalog, name);
            if (unknown is not null)
            {
                await unknown.ToResult().ExecuteAsync(http);
                return;
            }

            chosen.Add(market);
        }

        if (chosen.Count == 0)
            chosen.AddRange(catalog.Markets.Keys);

        var channel = Channel.CreateBounded<object>(new BoundedChannelOptions(Buffer) { FullMode = BoundedChannelFullMode.DropOldest });
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var topics = chosen.SelectMany(FeedEvent.Topics).ToList();
        var subscriber = system.ActorOf(Props.Create(() => new FeedSubscriber(topics, channel.Writer, ready)));
        try
        {
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(10), http.RequestAborted);
            await Write(http, "ready", new { markets = chosen });
            // Each source's report republishes the median; the feed shows a price when it moves.
            var shown = new Dictionary<MarketId, decimal>();

            while (!http.RequestAborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
                wait.CancelAfter(KeepAlive);
                try
                {
                    var message = await channel.Reader.ReadAsync(wait.Token);
                    if (message is PriceUpdated price && !shown.TryAdd(price.Market, price.Price)
                        && shown[price.Market] == price.Price)
                        continue;
                    if (message is PriceUpdated moved)
                        shown[moved.Market] = moved.Price;
                    if (FeedEvent.Of(message) is { } e)
                        await Write(http, e.Name, e.Data);
                }
                catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
        }
        finally
        {
            system.Stop(subscriber);
        }
    }

    private static async Task Write(HttpContext http, string name, object data)
    {
        var json = JsonSerializer.Serialize(data, data.GetType(), ApiJson.Options);
        await http.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }
}
