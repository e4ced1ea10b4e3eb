using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Simulation;

/// <summary>One moment of a market's price path: at <c>Time</c> the market traded at <c>Price</c>.</summary>
public readonly record struct PathPoint(DateTimeOffset Time, decimal Price);

/// <summary>The market prices a simulation replays, in time order.</summary>
public sealed record MarketPath(MarketId Market, IReadOnlyList<PathPoint> Points, string Source)
{
    public DateTimeOffset Start => Points[0].Time;

    public DateTimeOffset End => Points[^1].Time;

    public decimal Low => Points.Min(p => p.Price);

    public decimal High => Points.Max(p => p.Price);
}
