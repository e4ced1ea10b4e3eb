using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeverageActors.Host.Api;

/// <summary>
/// Money and prices in the API: read from a JSON number or a plain numeric string (no thousands
/// separators, no NaN), written as a number without trailing zeros (<c>997.5</c>, not
/// <c>997.5000</c>) and never through floating point.
/// </summary>
public sealed class DecimalJsonConverter : JsonConverter<decimal>
{
    private const NumberStyles Plain = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    // Dividing by one with 28 zeros drops the trailing zeros a decimal carries as its scale.
    private const decimal One = 1.0000000000000000000000000000m;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return reader.TokenType == JsonTokenType.String
                ? decimal.Parse(reader.GetString()!, Plain, CultureInfo.InvariantCulture)
                : reader.GetDecimal();
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException)
        {
            throw new JsonException("not a number", e);
        }
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value / One);
}
