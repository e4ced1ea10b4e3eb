using System.Diagnostics.Metrics;
using LeverageActors.Actors.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Metrics;

/// <summary>
/// Requests the API answered, by method, route template and status: counted once, at the edge,
/// after every other part of the pipeline (rate limit, problems, errors) has set the status.
/// </summary>
public sealed class ApiMetrics(IMeterFactory factory)
{
    private readonly Counter<long> _requests = factory.Create(NodeMetrics.MeterName).CreateCounter<long>(
        "leverage.api.requests", "{request}", "HTTP requests answered, by method, route template and status code");

    public async Task Count(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        finally
        {
            _requests.Add(1,
                new KeyValuePair<string, object?>("method", http.Request.Method),
                new KeyValuePair<string, object?>("route", RouteOf(http)),
                new KeyValuePair<string, object?>("status", http.Response.StatusCode));
        }
    }

    /// <summary>The template, never the raw path: ids in paths would make a series per account.</summary>
    public static string RouteOf(HttpContext http) =>
        (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText switch
        {
            null => "unmatched",
            // A group's root ("/positions" + "/") reads as the group.
            { Length: > 1 } template => template.TrimEnd('/'),
            var template => template,
        };
}
