using Akka.Hosting;
using Akka.Persistence;
using LeverageActors.Host.Api.Endpoints;
using LeverageActors.Host.Node;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeverageActors.Host.Health;

/// <summary>
/// Ready only while the journal answers a query (the same probe as <c>/health</c>) and the journal
/// plugin's circuit breaker is closed: an open breaker fails every write and recovery for a while,
/// even with the database back.
/// </summary>
public sealed class JournalReachable(NodeSettings settings) : IAkkaHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failed = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var probe = await HealthEndpoints.Journal(settings, cancellationToken);
        if (!probe.Reachable)
            return new HealthCheckResult(failed, $"journal unreachable: {HealthEndpoints.Unreachable}");

        // The default journal, whichever database it is on.
        var plugin = await Persistence.Instance.Apply(context.ActorSystem).CheckJournalHealthAsync(string.Empty, cancellationToken);
        return plugin.Status == PersistenceHealthStatus.Healthy
            ? HealthCheckResult.Healthy("journal reachable")
            : new HealthCheckResult(failed, $"journal plugin {plugin.Status}", plugin.Exception);
    }
}
