using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeverageActors.Messages.Serialization;

/// <summary>The one set of JSON options for the journal and the wire.</summary>
public static class LeverageJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}
