using System.Text.Json.Serialization;

namespace LeverageActors.Host.Api.Problems;

/// <summary>
/// An RFC 7807 problem. <c>Type</c> is stable per kind of refusal (<c>/problems/{code}</c>);
/// <c>Errors</c> names the offending fields of a validation problem.
/// </summary>
public sealed record ProblemBody(
    string Type,
    string Title,
    int Status,
    string Detail,
    [property: JsonPropertyName("code")] string Code,
    IReadOnlyDictionary<string, string[]>? Errors = null);
