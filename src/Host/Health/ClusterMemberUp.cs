using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeverageActors.Host.Health;

/// <summary>
/// Ready only while this node is an Up member of its cluster. Akka.Cluster.Hosting's own readiness
/// check remembers the first join and answers healthy ever after; a node that is leaving, or was
/// removed, must stop taking traffic.
/// </summary>
public sealed class ClusterMemberUp : IAkkaHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var cluster = Cluster.Get(context.ActorSystem);
        var status = cluster.SelfMember.Status;
        return Task.FromResult(status == MemberStatus.Up
            ? HealthCheckResult.Healthy($"{cluster.SelfAddress} is Up")
            : new HealthCheckResult(context.Registration?.FailureStatus ?? HealthStatus.Unhealthy, $"{cluster.SelfAddress} is {status}"));
    }
}
