using Akka.Hosting;
using LeverageActors.Host.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LeverageActors.Host.Node;

/// <summary>A whole node, actor system and HTTP API, as the executable and the API tests both build it.</summary>
public static class NodeApplication
{
    /// <param name="adjust">Last changes to the actor system's configuration (the executable's log format, tests' timeouts).</param>
    public static WebApplication Build(
        WebApplicationBuilder builder, NodeSettings settings, ApiSettings api, Action<AkkaConfigurationBuilder>? adjust = null)
    {
        builder.Services.AddLeverageNode(settings, adjust);
        builder.AddLeverageApi(settings, api);
        var app = builder.Build();
        app.MapLeverageApi();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LeverageActors.Api");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            log.LogInformation("HTTP API listening on {Url} (OpenAPI document at {Url}/openapi/v1.json)", app.Urls.First(), app.Urls.First());
            if (api.InClearBeyondThisMachine)
                log.LogWarning("The HTTP API on {Url} is reachable beyond this machine in plain HTTP: API keys travel in clear. " +
                               "Put a TLS proxy in front and name it (Api:ForwardedHeaders:KnownProxies)", app.Urls.First());
        });
        return app;
    }
}
