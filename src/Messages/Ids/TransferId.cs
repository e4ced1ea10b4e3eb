using System.Text.Json.Serialization;

namespace LeverageActors.Messages.Ids;

/// <summary>One movement of money between a position and an account: `{position}.{n}`. The receiver applies each transfer once.</summary>
[JsonConverter(typeof(StringIdJsonConverter<TransferId>))]
public readonly record struct TransferId : IStringId<TransferId>
{
    private TransferId(string value) => Value = value;

    public string Value { get; }

    public static TransferId From(string value) => new(IdRules.Require(value, "Transfer id"));

    public static TransferId Of(PositionId position, int number) =>
        From(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{position.Value}.{number}"));

    public override string ToString() => Value;
}
