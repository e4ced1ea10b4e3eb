using Akka.Actor;
using Akka.Cluster;
using LeverageActors.Host.Api.Models;
using LeverageActors.Host.Node;
using LeverageActors.Actors.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>Is this node serving: its cluster view, its journal, and which markets are halted.</summary>
public static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async (HttpContext http, ActorSystem system, NodeSettings settings, MarketViews markets, CancellationToken token) =>
            {
                var cluster = Cluster.Get(system);
                var members = cluster.State.Members
                    .Select(m => new MemberView(m.Address.ToString(), m.Status.ToString(), m.Roles.Order(StringComparer.Ordinal).ToList()))
                    .ToList();
                var probed = await Journal(settings, token);
                var journal = probed.Reachable || Access.AccessFilters.FromOperator(http) ? probed : probed with { Error = Unreachable };
                var self = cluster.SelfMember.Status;
                var views = self == MemberStatus.Up
                    ? await ApiAnswer.Guard(async () => ApiAnswer.Ok(await markets.All(token)))
                    : null;
                var healthy = journal.Reachable && self == MemberStatus.Up && views is { IsProblem: false };
                var body = new HealthView(healthy ? "ok" : "degraded", $"{cluster.SelfAddress} ({self})", members, journal,
                    views?.Body as IReadOnlyList<MarketView> ?? []);
                return Results.Json(body, ApiJson.Options, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .WithSummary("Cluster members, journal reachability and halted markets; 503 when degraded")
            .Produces<HealthView>().Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// What anyone is told of a journal that does not answer. The database driver's own message names
    /// hosts, ports, database and role names, or a file's path: the operator key shows it.
    /// </summary>
    public const string Unreachable = "the journal's database did not answer (send the operator key to see the driver's message)";

    internal static async Task<JournalHealth> Journal(NodeSettings settings, CancellationToken token) =>
        await JournalProbe.ProblemAsync(settings.Journal, token) is { } problem
            ? new JournalHealth(false, problem)
            : new JournalHealth(true, null);
}
