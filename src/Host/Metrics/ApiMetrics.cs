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
                new KeyValuePair<string, object?>("method", MethodOf(http)),
                new KeyValuePair<string, object?>("route", RouteOf(http)),
                new KeyValuePair<string, object?>("status", http.Response.StatusCode));
        }
    }

    /// <summary>A standard method, or "other": any token is a method to HTTP, and one made up per request would make a series each.</summary>
    public static string MethodOf(HttpContext http) => http.Request.Method switch
    {
        "GET" or "POST" or "PUT" or "DELETE" or "PATCH" or "HEAD" or "OPTIONS" => http.Request.Method,
        _ => "other",
    };

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
