using System.Text.Json.Serialization;

namespace LeverageActors.Messages.Ids;

/// <summary>A trader's account.</summary>
[JsonConverter(typeof(StringIdJsonConverter<AccountId>))]
public readonly record struct AccountId : IStringId<AccountId>
{
    private AccountId(string value) => Value = value;

    public string Value { get; }

    public static AccountId From(string value) => new(IdRules.Require(value, "Account id"));

    public static AccountId New() => new(Guid.NewGuid().ToString("N"));

    public override string ToString() => Value;
}
