using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>The markets traded here, their parameters and latest oracle prices.</summary>
public static class MarketEndpoints
{
    public static void MapMarkets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/markets", async (HttpContext http, MarketViews views) =>
                await ApiAnswer.Respond(async () => ApiAnswer.Ok(await views.All(http.RequestAborted))))
            .WithSummary("Every market with its parameters and latest price").Produces<IReadOnlyList<MarketView>>();
        app.MapGet("/markets/{market}", async (HttpContext http, string market, MarketViews views, MarketCatalog catalog) =>
                await ApiAnswer.Respond(async () =>
                {
                    var (id, unknown) = Validation.Market(catalog, market);
                    return unknown ?? ApiAnswer.Ok(await views.One(id, http.RequestAborted));
                }))
            .WithSummary("One market with its parameters and latest price").Produces<MarketView>();
    }
}
