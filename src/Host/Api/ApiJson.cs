using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeverageActors.Host.Api;

/// <summary>
/// The API's JSON: camelCase, enums as names. Reading is strict (unknown members and missing
/// required ones are errors) because a misspelt field silently ignored would move money on
/// defaults. Money reads from a number or a string, and is written as a number with its exact
/// decimal digits (<see cref="DecimalJsonConverter"/>).
/// </summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // {"amount":1,"amount":5}: a proxy reading the first value must not see another request than the node.
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        MaxDepth = 16,
        // Answers go to programs, not into HTML: apostrophes and '+' stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false), new DecimalJsonConverter() },
    };
}
