using Akka.Actor;
using Akka.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Risk;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeverageActors.Host.Health;

/// <summary>
/// Ready only when every market's risk index has read its market's journal and watches every open
/// position: before that a price move could breach a position nobody checks. The indexes live in
/// the market-watch singleton, wherever it runs; a node that cannot reach it is not ready either.
/// </summary>
public sealed class RiskIndexesCaughtUp(MarketCatalog catalog, TimeSpan askTimeout) : IAkkaHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failed = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        if (!context.ActorRegistry.TryGet<MarketWatchProxy>(out var watch))
            return new HealthCheckResult(failed, "the market watch is not started yet");

        var statuses = await Task.WhenAll(catalog.Markets.Keys.Select(market => Ask(watch, market, cancellationToken)));
        var behind = statuses.Where(s => !s.CaughtUp).Select(s => s.Market).ToList();
        var data = statuses.ToDictionary(s => s.Market, s => (object)(s.CaughtUp ? $"watching {s.Watched}" : s.Detail));
        return behind.Count == 0
            ? HealthCheckResult.Healthy($"{statuses.Length} risk indexes caught up", data)
            : new HealthCheckResult(failed, $"risk index not caught up: {string.Join(", ", behind)}", data: data);
    }

    private async Task<(string Market, bool CaughtUp, int Watched, string Detail)> Ask(IActorRef watch, Messages.Ids.MarketId market, CancellationToken token)
    {
        try
        {
            var status = await watch.Ask<RiskIndexStatus>(new GetRiskIndexStatus(market), askTimeout, token);
            return (market.Value, status.CaughtUp, status.Watched, $"reading the journal (offset {status.Offset})");
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return (market.Value, false, 0, "no answer from the risk index");
        }
    }
}
