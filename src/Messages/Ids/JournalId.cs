using System.Text.Json.Serialization;

namespace LeverageActors.Messages.Ids;

/// <summary>
/// The identity of one journal database, written into it once at its first start. Nodes of one
/// cluster must share it: nodes on different journals would each hold part of the books.
/// </summary>
[JsonConverter(typeof(StringIdJsonConverter<JournalId>))]
public readonly record struct JournalId : IStringId<JournalId>
{
    private JournalId(string value) => Value = value;

    public string Value { get; }

    public static JournalId From(string value) => new(IdRules.Require(value, "Journal id"));

    public static JournalId New() => new(Guid.NewGuid().ToString("N"));

    public override string ToString() => Value;
}
