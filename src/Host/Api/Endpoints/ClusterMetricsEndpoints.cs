using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Feed;
using LeverageActors.Host.Api.Models;
using LeverageActors.Messages.Risk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary><c>GET /cluster/metrics</c>: journal events recorded, live feeds served, and each market's watchers.</summary>
public static class ClusterMetricsEndpoints
{
    public static void MapClusterMetrics(this IEndpointRouteBuilder app) =>
        app.MapGet("/cluster/metrics", async (HttpContext http, MarketCatalog catalog, MarketWatchQueries watch, JournalCounter journal,
                FeedConnections feeds, TimeProvider clock) =>
                await ApiAnswer.Respond(async () =>
                {
                    var token = http.RequestAborted;
                    var markets = new List<MarketWatchView>();
                    foreach (var market in catalog.Markets.Keys.OrderBy(m => m.Value, StringComparer.Ordinal))
                    {
                        var index = await watch.Ask<RiskIndexStatus>(new GetRiskIndexStatus(market), token);
                        var liquidator = await watch.Ask<LiquidatorStatus>(new GetLiquidatorStatus(market), token);
                        markets.Add(new MarketWatchView(market, index.CaughtUp, index.Watched, index.ChecksSent,
                            liquidator.Outstanding, liquidator.LiquidationsSent));
                    }

                    return ApiAnswer.Ok(new ClusterMetricsView(clock.GetUtcNow(), await journal.Events(token), feeds.Open, markets));
                }))
            .WithSummary("Journal events recorded, live feeds, and each market's risk index and liquidator").Produces<ClusterMetricsView>();
}
