using System.Text.Json;
using Akka.Hosting;
using LeverageActors.Host.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeverageActors.Host.Health;

/// <summary>
/// Probes for machines: <c>/health/live</c> (restart the process when it fails) and
/// <c>/health/ready</c> (send it traffic only while it passes), as Akka.Hosting health checks
/// served by ASP.NET Core. <c>/health</c> stays the page for people.
/// </summary>
public static class HealthWiring
{
    public const string Live = "live";
    public const string Ready = "ready";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static AkkaConfigurationBuilder AddNodeHealthChecks(this AkkaConfigurationBuilder akka, NodeSettings settings) =>
        akka
            .WithActorSystemLivenessCheck(tags: [Live])
            .WithHealthCheck("cluster-member-up", new ClusterMemberUp(), tags: [Ready], timeout: CheckTimeout)
            .WithHealthCheck("journal", new JournalReachable(settings), tags: [Ready], timeout: CheckTimeout)
            .WithHealthCheck("risk-indexes", new RiskIndexesCaughtUp(settings.Markets, CheckTimeout), tags: [Ready], timeout: CheckTimeout);

    public static IServiceCollection AddNodeHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks();
        return services;
    }

    public static WebApplication MapProbes(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", Options(Live));
        app.MapHealthChecks("/health/ready", Options(Ready));
        return app;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        // A degraded dependency is a reason to take no traffic, not a warning to serve it.
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = Write,
    };

    /// <summary>Each check's verdict and why, so an operator sees which dependency holds the node back.</summary>
    private static Task Write(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count > 0 ? e.Value.Data : null,
            }),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, Json, http.RequestAborted);
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
