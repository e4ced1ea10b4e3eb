namespace LeverageActors.Host.Api.Problems;

/// <summary>One kind of problem: its code (the last segment of its type), HTTP status and title.</summary>
public sealed record ProblemKind(string Code, int Status, string Title)
{
    public string Type => "/problems/" + Code;
}
