namespace LeverageActors.Actors.Simulation;

/// <summary>One exchange candle: the prices of the interval that starts at <c>Time</c>.</summary>
public readonly record struct Candle(DateTimeOffset Time, decimal Open, decimal High, decimal Low, decimal Close)
{
    /// <summary>
    /// The candle as a path: open, then the extreme nearer the open, the other extreme, and the
    /// close, spread evenly over the candle's <paramref name="length"/>, so a crash's low is never
    /// skipped and the order of the extremes is the likelier one. Repeated prices are left out.
    /// </summary>
    public IEnumerable<PathPoint> Path(TimeSpan length)
    {
        var (first, second) = High - Open <= Open - Low ? (High, Low) : (Low, High);
        var step = length / 4;
        var last = 0m;
        var i = 0;
        foreach (var price in new[] { Open, first, second, Close })
        {
            if (price != last)
                yield return new PathPoint(Time + step * i, price);
            last = price;
            i++;
        }
    }
}
