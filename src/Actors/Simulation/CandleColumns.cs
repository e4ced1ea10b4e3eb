using System.Globalization;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// Where a candle file keeps its time and prices, found from its header: Kraken
/// <c>unix_time,open,high,low,close,volume,trades</c>, Binance <c>unix,date,symbol,open,...</c>
/// (epoch seconds or milliseconds), Gemini and Bitfinex <c>time_utc,open,high,low,close,...</c>.
/// </summary>
public sealed record CandleColumns(int Time, int Open, int High, int Low, int Close, int Width)
{
    private static readonly string[] TimeNames = ["unix_time", "unix", "timestamp", "time_utc", "time", "date"];

    /// <summary>The columns of a header, or null when it is not a candle header.</summary>
    public static CandleColumns? Of(string header)
    {
        var names = header.Split(',').Select(c => c.Trim().Trim('"').ToLowerInvariant()).ToList();
        int Find(string name) => names.IndexOf(name);
        var time = TimeNames.Select(Find).FirstOrDefault(i => i >= 0, -1);
        var (open, high, low, close) = (Find("open"), Find("high"), Find("low"), Find("close"));
        return time < 0 || open < 0 || high < 0 || low < 0 || close < 0
            ? null
            : new CandleColumns(time, open, high, low, close, names.Count);
    }

    /// <summary>The candle of one row, or why it is not one.</summary>
    public (Candle Candle, string? Problem) Read(string[] cells)
    {
        if (cells.Length < Width)
            return (default, $"expected {Width} columns, got {cells.Length}");
        if (ParseTime(cells[Time].Trim().Trim('"')) is not { } time)
            return (default, $"'{cells[Time]}' is not a time (epoch seconds or milliseconds, or YYYY-MM-DD HH:MM)");

        var prices = new decimal[4];
        int[] at = [Open, High, Low, Close];
        for (var i = 0; i < 4; i++)
            if (!decimal.TryParse(cells[at[i]].Trim().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out prices[i]) || prices[i] <= 0)
                return (default, $"'{cells[at[i]]}' is not a positive price");

        var candle = new Candle(time, prices[0], prices[1], prices[2], prices[3]);
        if (candle.High < Math.Max(candle.Open, candle.Close) || candle.Low > Math.Min(candle.Open, candle.Close))
            return (default, $"high {candle.High} and low {candle.Low} do not contain open {candle.Open} and close {candle.Close}");
        return (candle, null);
    }

    /// <summary>Epoch seconds, epoch milliseconds (13 digits), or a UTC date and time.</summary>
    private static DateTimeOffset? ParseTime(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
            return epoch >= 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) : DateTimeOffset.FromUnixTimeSeconds(epoch);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
    }
}
