using LeverageActors.Host.Api.Models;
using LeverageActors.Host.Api.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>Every problem type dereferences: <c>/problems/{code}</c> says what it means.</summary>
public static class ProblemEndpoints
{
    public static void MapProblems(this IEndpointRouteBuilder app)
    {
        app.MapGet("/problems", () => Results.Json(ProblemKinds.All.Select(View).ToList(), ApiJson.Options))
            .WithSummary("Every problem type the API answers with").Produces<IReadOnlyList<ProblemKindView>>();
        app.MapGet("/problems/{code}", (string code) => ProblemKinds.Find(code) is { } kind
                ? Results.Json(View(kind), ApiJson.Options)
                : ProblemKinds.NotFound.Answer("No such problem type.").ToResult())
            .WithSummary("One problem type").Produces<ProblemKindView>();
    }

    private static ProblemKindView View(ProblemKind kind) => new(kind.Type, kind.Code, kind.Status, kind.Title);
}
