using System.Diagnostics;
using LeverageActors.Host.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LeverageActors.Host.Logging;

/// <summary>
/// One line per HTTP request once it is answered: method, path, status, time and the client the
/// rate limit saw. Never headers or bodies: they carry keys and amounts.
/// </summary>
public sealed class RequestLog(ILoggerFactory loggers)
{
    private readonly ILogger _log = loggers.CreateLogger("LeverageActors.Api.Requests");

    public async Task Write(HttpContext http, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var status = http.Response.StatusCode;
            _log.Log(status >= 500 ? LogLevel.Warning : LogLevel.Information,
                "HTTP {Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms (route {Route}, client {Client})",
                // Escaped as in a URL: the decoded path may hold a line break, and a path of its own making would forge log lines (a review).
                http.Request.Method, http.Request.Path.ToUriComponent(), status, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                ApiMetrics.RouteOf(http), http.Connection.RemoteIpAddress?.ToString());
        }
    }
}
