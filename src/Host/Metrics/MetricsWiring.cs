using System.Diagnostics.Metrics;
using Akka.Hosting;
using LeverageActors.Actors.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace LeverageActors.Host.Metrics;

/// <summary>
/// The node's meters, exported on <c>/metrics</c> in the Prometheus text format by OpenTelemetry.
/// Only meters made by this host's <see cref="IMeterFactory"/> are exported (scope Local): a
/// process that runs several nodes shows each its own.
/// </summary>
public static class MetricsWiring
{
    public const string Path = "/metrics";

    public static IServiceCollection AddNodeMetrics(this IServiceCollection services)
    {
        services.AddMetrics(metrics => metrics.EnableMetrics(NodeMetrics.MeterName, scopes: MeterScope.Local));
        services.AddSingleton<ApiMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("leverageactors"))
            .WithMetrics(metrics => metrics.AddPrometheusExporter(prometheus =>
            {
                // A scrape shows the counters as they are now, never a copy kept from an earlier scrape.
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                prometheus.ScrapeEndpointPath = Path;
            }));
        return services;
    }

    /// <summary>The actor system's instruments (entities, oracles, the journal) come from the host's meter factory.</summary>
    public static AkkaConfigurationBuilder AddNodeMetrics(this AkkaConfigurationBuilder akka, IServiceProvider provider) =>
        provider.GetService<IMeterFactory>() is { } factory ? akka.AddSetup(new NodeMetricsSetup(factory)) : akka;

    public static WebApplication MapNodeMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(Path);
        return app;
    }
}
