using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Feed;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>
/// <c>GET /stream/recent</c>: what <c>/stream</c> sent lately, oldest first, as
/// <c>{"events": [{"event": "price", "data": {...}}, ...]}</c>, for a client that connects late.
/// Read it after the stream's <c>ready</c>: events in both are the same, so a client drops repeats.
/// </summary>
public static class FeedHistoryEndpoints
{
    public static void MapFeedHistory(this IEndpointRouteBuilder app) =>
        app.MapGet("/stream/recent", (FeedHistory history, MarketCatalog catalog, string? markets) =>
            {
                HashSet<string>? chosen = null;
                foreach (var name in (markets ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var (market, unknown) = Validation.Market(catalog, name);
                    if (unknown is not null)
                        return unknown.ToResult();
                    (chosen ??= new HashSet<string>(StringComparer.Ordinal)).Add(market.Value);
                }

                var events = history.Recent(chosen).Select(e => new RecentEvent(e.Event, e.Data)).ToList();
                return ApiAnswer.Ok(new RecentEvents(events)).ToResult();
            })
            .WithSummary("The feed's latest events kept by this node since it started: prices and position events, oldest first")
            .Produces<RecentEvents>();

    public sealed record RecentEvent(string Event, object Data);

    public sealed record RecentEvents(IReadOnlyList<RecentEvent> Events);
}
