using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Simulation;

/// <summary>
/// Every price-file shape the simulator reads, from small synthetic samples of each exchange's
/// export (never the real files), and the errors that name the bad line.
/// </summary>
public class PriceFileSpecs
{
    private static MarketPath Parse(string text, PriceFileFormat format = PriceFileFormat.Auto, string? market = null) =>
        PriceFile.Parse(text.Split('\n'), "sample.csv", format, market is null ? null : MarketId.From(market));

    private static PriceFileError Refused(string text, PriceFileFormat format = PriceFileFormat.Auto) =>
        Assert.Throws<PriceFileError>(() => Parse(text, format));

    [Fact]
    public void The_projects_own_rows_are_read_as_they_are()
    {
        var path = Parse("""
            # a comment
            timestamp,market,price
            2026-01-01T00:00:00Z,ETH-USD,2000.5
            2026-01-01T00:01:00Z,ETH-USD,1990
            """);

        Assert.Equal(MarketId.From("ETH-USD"), path.Market);
        Assert.Equal([2000.5m, 1990m], path.Points.Select(p => p.Price));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero), path.End);
    }

    [Fact]
    public void A_file_of_several_markets_needs_one_chosen()
    {
        const string text = """
            timestamp,market,price
            2026-01-01T00:00:00Z,ETH-USD,2000
            2026-01-01T00:00:00Z,BTC-USD,60000
            2026-01-01T00:01:00Z,BTC-USD,59000
            """;
        Assert.Contains("choose one with --market", Assert.Throws<PriceFileError>(() => Parse(text)).Message);
        Assert.Equal([60000m, 59000m], Parse(text, market: "BTC-USD").Points.Select(p => p.Price));
        Assert.Contains("holds no prices of SOL-USD", Assert.Throws<PriceFileError>(() => Parse(text, market: "SOL-USD")).Message);
    }

    [Fact]
    public void Kraken_candles_become_open_nearer_extreme_other_extreme_close()
    {
        // Falls first: the low (5 below the open) is nearer than the high (10 above).
        var path = Parse("""
            unix_time,open,high,low,close,volume,trades
            1584000000,100,110,95,105,1.5,3
            1584000060,105,106,80,81,2.0,7
            """);

        Assert.Equal([100m, 95m, 110m, 105m, 105m, 106m, 80m, 81m], path.Points.Select(p => p.Price));
        var start = DateTimeOffset.FromUnixTimeSeconds(1584000000);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => start.AddSeconds(15 * i)), path.Points.Select(p => p.Time));
        Assert.Equal(MarketId.From("ETH-USD"), path.Market);
        Assert.Equal(80m, path.Low);
    }

    [Theory]
    [InlineData("1621123200000")]
    [InlineData("1621123200")]
    public void Binance_rows_carry_seconds_or_milliseconds(string epoch)
    {
        var path = Parse($"""
            unix,date,symbol,open,high,low,close,Volume ETH,Volume USDT,tradecount
            {epoch},2021-05-16 00:00:00,ETH/USDT,3646.24,3815.00,3620.15,3767.00,96084.6,360077505.2,167213
            """, market: "ETH-USD");

        Assert.Equal(new DateTimeOffset(2021, 5, 16, 0, 0, 0, TimeSpan.Zero), path.Start);
        Assert.Equal([3646.24m, 3620.15m, 3815.00m, 3767.00m], path.Points.Select(p => p.Price));
    }

    [Fact]
    public void Gemini_and_Bitfinex_rows_carry_utc_dates_and_hourly_candles()
    {
        var path = Parse("""
            time_utc,open,high,low,close,volume_base
            2022-05-05 00:00,2940.45,2954.17,2937.6,2943.19,277.788065
            2022-05-05 01:00,2943.19,2949.79,2939.21,2940.83,315.206709
            """, PriceFileFormat.Ohlc, "ETH-USD");

        Assert.Equal(new DateTimeOffset(2022, 5, 5, 0, 0, 0, TimeSpan.Zero), path.Start);
        // An hourly file spreads each candle's four prices over its hour.
        Assert.Equal(new DateTimeOffset(2022, 5, 5, 1, 45, 0, TimeSpan.Zero), path.End);
    }

    [Fact]
    public void An_unknown_header_is_refused_naming_line_one()
    {
        var error = Refused("when,how much\n2026-01-01,5");
        Assert.StartsWith("sample.csv:1: unrecognised header", error.Message);
    }

    [Fact]
    public void A_forced_format_that_does_not_match_is_refused()
    {
        Assert.StartsWith("sample.csv:1: the header must be", Refused("unix_time,open,high,low,close\n1,2,3,1,2", PriceFileFormat.Plain).Message);
        Assert.StartsWith("sample.csv:1: a candle header needs", Refused("timestamp,market,price\n2026-01-01T00:00:00Z,ETH-USD,1", PriceFileFormat.Ohlc).Message);
    }

    [Theory]
    [InlineData("1584000060,105,106,80", "sample.csv:3: expected 7 columns, got 4")]
    [InlineData("1584000060,105,106,abc,81,1,1", "sample.csv:3: 'abc' is not a positive price")]
    [InlineData("1584000060,105,106,-80,81,1,1", "sample.csv:3: '-80' is not a positive price")]
    [InlineData("yesterday,105,106,80,81,1,1", "sample.csv:3: 'yesterday' is not a time")]
    [InlineData("1584000060,105,100,80,81,1,1", "sample.csv:3: high 100 and low 80 do not contain open 105 and close 81")]
    [InlineData("1584000000,105,106,80,81,1,1", "sample.csv:3: a second candle at")]
    public void A_bad_candle_is_refused_naming_its_line(string row, string expected)
    {
        var error = Refused($"unix_time,open,high,low,close,volume,trades\n1584000000,100,110,95,105,1.5,3\n{row}");
        Assert.StartsWith(expected, error.Message);
    }

    [Theory]
    [InlineData("2026-01-01T00:01:00Z,ETH-USD", "sample.csv:3: expected 3 columns, got 2")]
    [InlineData("2026-01-01T00:01:00Z,ETH-USD,zero", "sample.csv:3: 'zero' is not a positive price")]
    [InlineData("soon,ETH-USD,5", "sample.csv:3: 'soon' is not an ISO-8601 time")]
    public void A_bad_plain_row_is_refused_naming_its_line(string row, string expected)
    {
        var error = Refused($"timestamp,market,price\n2026-01-01T00:00:00Z,ETH-USD,2000\n{row}");
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        Assert.StartsWith("sample.csv:1: the file holds no prices", Refused("\n# nothing\n").Message);
    }
}
