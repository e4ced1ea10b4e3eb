namespace LeverageActors.Host.Api.Problems;

/// <summary>
/// One kind of problem: its code (the last segment of its type), HTTP status and title.
/// <c>Passes</c>: a refusal for a state that ends by itself (busy, held, paused, halted), which the
/// same request may get past later: a retry with the same Idempotency-Key is tried again, not
/// answered with the first refusal for a day.
/// </summary>
public sealed record ProblemKind(string Code, int Status, string Title, bool Passes = false)
{
    public string Type => "/problems/" + Code;
}
