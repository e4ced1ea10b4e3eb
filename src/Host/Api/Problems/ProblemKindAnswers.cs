namespace LeverageActors.Host.Api.Problems;

public static class ProblemKindAnswers
{
    public static ApiAnswer Answer(this ProblemKind kind, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(kind.Status, new ProblemBody(kind.Type, kind.Title, kind.Status, detail, kind.Code, errors));

    /// <summary>A validation problem naming one field.</summary>
    public static ApiAnswer Field(string field, string message) =>
        ProblemKinds.Validation.Answer($"{field}: {message}", new Dictionary<string, string[]> { [field] = [message] });
}
