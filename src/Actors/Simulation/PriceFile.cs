using LeverageActors.Actors.Prices;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// Reads the price file a simulation replays: the project's own <c>timestamp,market,price</c> CSV
/// or an exchange's candles, told apart by the header. Anything else is refused with the line.
/// </summary>
public static class PriceFile
{
    public const string PlainHeader = "timestamp,market,price";

    public static MarketPath Read(string path, PriceFileFormat format = PriceFileFormat.Auto, MarketId? market = null)
    {
        if (!File.Exists(path))
            throw new PriceFileError($"{path}: no such file");
        return Parse(File.ReadLines(path), Path.GetFileName(path), format, market);
    }

    public static MarketPath Parse(IEnumerable<string> lines, string name, PriceFileFormat format = PriceFileFormat.Auto, MarketId? market = null)
    {
        var all = lines as IReadOnlyList<string> ?? lines.ToList();
        var headerLine = FirstContentLine(all);
        if (headerLine < 0)
            throw PriceFileError.At(name, 1, "the file holds no prices");
        var header = all[headerLine].Trim();
        var plain = header.Replace(" ", "").Equals(PlainHeader, StringComparison.OrdinalIgnoreCase);
        var candles = plain ? null : CandleColumns.Of(header);

        return format switch
        {
            PriceFileFormat.Plain when !plain => throw PriceFileError.At(name, headerLine + 1, $"the header must be '{PlainHeader}', got '{header}'"),
            PriceFileFormat.Ohlc when candles is null => throw PriceFileError.At(name, headerLine + 1,
                $"a candle header needs a time column and open,high,low,close; got '{header}'"),
            _ when plain => ReadPlain(all, name, market),
            _ when candles is not null => ReadCandles(all, headerLine, candles, name, market ?? MarketId.From("ETH-USD")),
            _ => throw PriceFileError.At(name, headerLine + 1,
                $"unrecognised header '{header}': expected '{PlainHeader}' or candles with a time column and open,high,low,close " +
                "(Kraken unix_time,..., Binance unix,date,symbol,..., Gemini/Bitfinex time_utc,...)"),
        };
    }

    private static int FirstContentLine(IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
            if (lines[i].Trim() is { Length: > 0 } line && !line.StartsWith('#'))
                return i;
        return -1;
    }

    private static MarketPath ReadPlain(IReadOnlyList<string> lines, string name, MarketId? market)
    {
        IReadOnlyList<PricePoint> points;
        try
        {
            points = PricePath.Parse(lines, name);
        }
        catch (FormatException e)
        {
            throw new PriceFileError(e.Message);
        }

        var markets = points.Select(p => p.Market).Distinct().ToList();
        if (markets.Count == 0)
            throw PriceFileError.At(name, 2, "the file holds no prices");
        var chosen = market ?? (markets.Count == 1
            ? markets[0]
            : throw new PriceFileError($"{name}: holds {string.Join(", ", markets)}: choose one with --market"));
        if (!markets.Contains(chosen))
            throw new PriceFileError($"{name}: holds no prices of {chosen} (it has {string.Join(", ", markets)})");
        var path = points.Where(p => p.Market == chosen).Select(p => new PathPoint(p.Time, p.Price)).ToList();
        return new MarketPath(chosen, path, name);
    }

    private static MarketPath ReadCandles(IReadOnlyList<string> lines, int headerLine, CandleColumns columns, string name, MarketId market)
    {
        var candles = new List<(Candle Candle, int Line)>();
        for (var i = headerLine + 1; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var (candle, problem) = columns.Read(line.Split(','));
            if (problem is not null)
                throw PriceFileError.At(name, i + 1, problem);
            candles.Add((candle, i + 1));
        }

        if (candles.Count == 0)
            throw PriceFileError.At(name, headerLine + 2, "the file holds no candles");
        candles.Sort((a, b) => a.Candle.Time.CompareTo(b.Candle.Time));
        for (var i = 1; i < candles.Count; i++)
            if (candles[i].Candle.Time == candles[i - 1].Candle.Time)
                throw PriceFileError.At(name, candles[i].Line, $"a second candle at {candles[i].Candle.Time:u}");

        var length = CandleLength(candles.Select(c => c.Candle.Time).ToList());
        var path = new List<PathPoint>(candles.Count * 4);
        foreach (var (candle, _) in candles)
            path.AddRange(candle.Path(length));
        return new MarketPath(market, path, name);
    }

    /// <summary>The file's resolution: the shortest time between two candles (exports leave out minutes without trades).</summary>
    private static TimeSpan CandleLength(IReadOnlyList<DateTimeOffset> times)
    {
        var shortest = TimeSpan.MaxValue;
        for (var i = 1; i < times.Count; i++)
            if (times[i] - times[i - 1] is var gap && gap < shortest)
                shortest = gap;
        return shortest == TimeSpan.MaxValue ? TimeSpan.FromMinutes(1) : shortest;
    }
}
