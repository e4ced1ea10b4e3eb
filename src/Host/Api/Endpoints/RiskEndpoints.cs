using LeverageActors.Host.Api.Models;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Risk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>
/// <c>GET /markets/{market}/risk</c>: the market's open positions by distance to liquidation, from
/// its risk index. Public like the pool's state: counts and notionals, never a position or account.
/// </summary>
public static class RiskEndpoints
{
    public static void MapRisk(this IEndpointRouteBuilder app) =>
        app.MapGet("/markets/{market}/risk", async (HttpContext http, string market, MarketCatalog catalog, MarketWatchQueries watch) =>
                await ApiAnswer.Respond(async () =>
                {
                    var (id, unknown) = Validation.Market(catalog, market);
                    return unknown ?? ApiAnswer.Ok(RiskProfileView.Of(await watch.Ask<RiskProfile>(new GetRiskProfile(id), http.RequestAborted)));
                }))
            .WithSummary("Open positions by distance to liquidation, the at-risk count and sagas in flight").Produces<RiskProfileView>();
}
