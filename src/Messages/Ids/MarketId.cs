using System.Text.Json.Serialization;

namespace LeverageActors.Messages.Ids;

/// <summary>A market such as ETH-USD; also names its liquidity pool.</summary>
[JsonConverter(typeof(StringIdJsonConverter<MarketId>))]
public readonly record struct MarketId : IStringId<MarketId>
{
    private MarketId(string value) => Value = value;

    public string Value { get; }

    public static MarketId From(string value) => new(IdRules.Require(value, "Market id"));

    public override string ToString() => Value;
}
