using LeverageActors.Host.Api.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Dashboard;

/// <summary>
/// The browser dashboard at <c>/</c>, its files under <c>/dashboard/</c>. The Content-Security-Policy
/// lets the page load and call nothing but this node, so a page served here cannot leak a
/// trader's key to another origin even if a script were tampered with on the way.
/// </summary>
public static class DashboardEndpoints
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http, DashboardAssets assets) => Serve(http, assets, "index.html")).ExcludeFromDescription();
        app.MapGet("/dashboard/{**path}", (HttpContext http, DashboardAssets assets, string path) => Serve(http, assets, path))
            .ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext http, DashboardAssets assets, string path)
    {
        if (assets.Find(path) is not { } asset)
            return ProblemKinds.NotFound.Answer($"Nothing is at {http.Request.Path}.").ToResult();

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated on each load: a node upgraded in place serves its new page at once.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch == asset.ETag)
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
