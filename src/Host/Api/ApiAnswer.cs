using Akka.Actor;
using LeverageActors.Host.Api.Problems;
using Microsoft.AspNetCore.Http;

namespace LeverageActors.Host.Api;

/// <summary>
/// What an endpoint answers, before it becomes an HTTP response: a status and a body that can be
/// kept and replayed for an idempotent retry.
/// </summary>
public sealed record ApiAnswer(int Status, object Body)
{
    public bool IsProblem => Body is ProblemBody;

    /// <summary>
    /// Whether a retry with the same Idempotency-Key gets this answer again: not a timeout or an
    /// outage (5xx), nor a refusal for a state that passes (<see cref="ProblemKind.Passes"/>).
    /// </summary>
    public bool Final => Status < 500 && !(Body is ProblemBody problem && ProblemKinds.Find(problem.Code) is { Passes: true });

    public static ApiAnswer Ok(object body) => new(StatusCodes.Status200OK, body);

    public static ApiAnswer Created(object body) => new(StatusCodes.Status201Created, body);

    /// <summary>The entities' answer, or the problem a slow or stopping node gives instead of an exception.</summary>
    public static async Task<ApiAnswer> Guard(Func<Task<ApiAnswer>> act)
    {
        try
        {
            return await act();
        }
        catch (AskTimeoutException)
        {
            return ProblemKinds.Timeout.Answer("The entities did not answer in time; the request may still complete.");
        }
    }

    public static async Task<IResult> Respond(Func<Task<ApiAnswer>> act) => (await Guard(act)).ToResult();

    public IResult ToResult() => Results.Json(Body, ApiJson.Options,
        IsProblem ? "application/problem+json" : "application/json", Status);
}
