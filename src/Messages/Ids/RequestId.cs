using System.Text.Json.Serialization;

namespace LeverageActors.Messages.Ids;

/// <summary>
/// Identifies one intent of a caller. A command repeated with the same request id is answered
/// again but applied once.
/// </summary>
[JsonConverter(typeof(StringIdJsonConverter<RequestId>))]
public readonly record struct RequestId : IStringId<RequestId>
{
    private RequestId(string value) => Value = value;

    public string Value { get; }

    public static RequestId From(string value) => new(IdRules.Require(value, "Request id"));

    public static RequestId New() => new(Guid.NewGuid().ToString("N"));

    public override string ToString() => Value;
}
