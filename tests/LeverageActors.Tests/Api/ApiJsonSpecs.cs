using System.Text.Json;
using LeverageActors.Host.Api;
using LeverageActors.Host.Api.Models;

namespace LeverageActors.Tests.Api;

/// <summary>How the API writes and reads money: exact digits, no trailing zeros, numbers or plain strings.</summary>
public class ApiJsonSpecs
{
    [Theory]
    [InlineData("997.5000", "997.5")]
    [InlineData("0.0000000000000000000000000000", "0")]
    [InlineData("2.5815778603882693102023957043", "2.5815778603882693102023957043")]
    [InlineData("100000000", "100000000")]
    public void Money_is_written_with_its_exact_digits_and_no_trailing_zeros(string value, string written) =>
        Assert.Equal($$"""{"amount":{{written}}}""",
            JsonSerializer.Serialize(new AmountRequest(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)), ApiJson.Options));

    [Theory]
    [InlineData("""{"amount":100.25}""", "100.25")]
    [InlineData("""{"amount":"100.25"}""", "100.25")]
    [InlineData("""{"amount":"-1"}""", "-1")]
    [InlineData("""{"amount":1e3}""", "1000")]
    public void Money_reads_from_a_number_or_a_plain_string(string json, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            JsonSerializer.Deserialize<AmountRequest>(json, ApiJson.Options)!.Amount);

    [Theory]
    [InlineData("""{"amount":"1,000"}""")]
    [InlineData("""{"amount":"NaN"}""")]
    [InlineData("""{"amount":" 5"}""")]
    [InlineData("""{"amount":1e400}""")]
    public void Anything_else_is_not_money(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AmountRequest>(json, ApiJson.Options));
}
