using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeverageActors.Actors.Simulation;

/// <summary>Reads a population spec from JSON: unknown fields and bad values are refused, one line naming the place.</summary>
public static class PopulationFile
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static PopulationSpec Read(string path)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: no such population file");
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    public static PopulationSpec Parse(string json, string name)
    {
        PopulationSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<PopulationSpec>(json, Json);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } n ? $"{n + 1}: " : "";
            var at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" (at {e.Path})";
            throw new InvalidDataException($"{name}:{line}{FirstSentence(e.Message)}{at}");
        }

        if (spec is null)
            throw new InvalidDataException($"{name}: the file holds no population");
        var problems = PopulationRules.Check(spec);
        if (problems.Count > 0)
            throw new InvalidDataException($"{name}: {problems[0]}");
        return spec;
    }

    /// <summary>System.Text.Json appends the path and position to its message; the line number is given already.</summary>
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
