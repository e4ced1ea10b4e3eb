using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Feed;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

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

    private static async Task Stream(HttpContext http, ActorSystem system, MarketCatalog catalog, IHostApplicationLifetime lifetime,
        FeedConnections connections, string? markets)
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

        using var slot = connections.TryOpen(Access.ClientPartition.Of(http.Connection.RemoteIpAddress), out var clientFull);
        if (slot is null)
        {
            await ProblemKinds.Unavailable.Answer(clientFull
                    ? $"This client already holds {connections.LimitPerClient} live feeds on this node, none a minute old yet; try again shortly."
                    : $"This node already serves {connections.Limit} live feeds; try another node or later.")
                .ToResult().ExecuteAsync(http);
            return;
        }

        // The feed ends when the client leaves, the node stops, or a newer feed of the client's takes its place.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping, slot.Ended);
        var token = ended.Token;

        var channel = Channel.CreateBounded<object>(new BoundedChannelOptions(Buffer) { FullMode = BoundedChannelFullMode.DropOldest });
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var topics = chosen.SelectMany(FeedEvent.Topics).ToList();
        var subscriber = system.ActorOf(Props.Create(() => new FeedSubscriber(topics, channel.Writer, ready)));
        try
        {
            try
            {
                await ready.Task.WaitAsync(TimeSpan.FromSeconds(10), token);
            }
            catch (TimeoutException)
            {
                await ProblemKinds.Unavailable.Answer("The feed's subscriptions were not confirmed in time; try again.").ToResult().ExecuteAsync(http);
                return;
            }

            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await Write(http, "ready", new { markets = chosen }, token);
            // Each source's report republishes the median; the feed shows a price when it moves.
            var shown = new Dictionary<MarketId, decimal>();

            while (!token.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                wait.CancelAfter(KeepAlive);
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(wait.Token))
                        break;
                    while (channel.Reader.TryRead(out var message))
                    {
                        if (message is PriceUpdated price)
                        {
                            if (shown.TryGetValue(price.Market, out var last) && last == price.Price)
                                continue;
                            shown[price.Market] = price.Price;
                        }

                        if (FeedEvent.Of(message) is { } e)
                            await Write(http, e.Name, e.Data, token);
                    }
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", token);
                    await http.Response.Body.FlushAsync(token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client went away or the node is stopping: the stream just ends.
        }
        finally
        {
            system.Stop(subscriber);
        }
    }

    private static async Task Write(HttpContext http, string name, object data, CancellationToken token)
    {
        var json = JsonSerializer.Serialize(data, data.GetType(), ApiJson.Options);
        await http.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", token);
        await http.Response.Body.FlushAsync(token);
    }
}
