using System.Text.Json.Serialization;

namespace LeverageActors.Messages.Ids;

/// <summary>
/// An asset an account can hold: <c>USD</c>, the settlement asset, or a collateral asset such as
/// <c>ETH</c>, priced by the oracle of its market. Also names the asset's deposit ledger.
/// </summary>
[JsonConverter(typeof(StringIdJsonConverter<AssetId>))]
public readonly record struct AssetId : IStringId<AssetId>
{
    private AssetId(string value) => Value = value;

    /// <summary>What pools lend, positions lock and PnL is paid in; moved by the original deposit and withdrawal events.</summary>
    public static readonly AssetId Usd = new("USD");

    public string Value { get; }

    public static AssetId From(string value) => new(IdRules.Require(value, "Asset id"));

    public override string ToString() => Value;
}
