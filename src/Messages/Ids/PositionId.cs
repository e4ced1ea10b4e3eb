using System.Text.Json.Serialization;

namespace LeverageActors.Messages.Ids;

/// <summary>A leveraged position.</summary>
[JsonConverter(typeof(StringIdJsonConverter<PositionId>))]
public readonly record struct PositionId : IStringId<PositionId>
{
    private PositionId(string value) => Value = value;

    public string Value { get; }

    public static PositionId From(string value) => new(IdRules.Require(value, "Position id"));

    public static PositionId New() => new(Guid.NewGuid().ToString("N"));

    public override string ToString() => Value;
}
