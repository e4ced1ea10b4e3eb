using System.Globalization;
using System.Text;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Simulation;

/// <summary>A published price point a synthetic path must pass through, and the step of the path from it to the next anchor.</summary>
public sealed record Anchor(DateTimeOffset Time, decimal Price, TimeSpan Step);

/// <summary>
/// A price path synthesised through anchor points: between two anchors the log price follows a
/// Brownian bridge (seeded noise that starts and ends on the anchors), so every published level
/// and the timing of every wick is kept while the path in between looks traded. The same anchors,
/// volatility and seed always give the same file.
/// </summary>
public sealed record AnchorPath(MarketId Market, IReadOnlyList<Anchor> Anchors, double VolatilityPerStep, ulong Seed, int Decimals = 2)
{
    public IReadOnlyList<PathPoint> Points()
    {
        var random = new SeededRandom(Seed);
        var points = new List<PathPoint>();
        for (var a = 0; a + 1 < Anchors.Count; a++)
        {
            var (from, to) = (Anchors[a], Anchors[a + 1]);
            var steps = Math.Max(1, (int)((to.Time - from.Time) / from.Step));
            var (x0, x1) = (Math.Log((double)from.Price), Math.Log((double)to.Price));
            var walk = new double[steps + 1];
            for (var i = 1; i <= steps; i++)
                walk[i] = walk[i - 1] + Normal(random) * VolatilityPerStep;
            for (var i = 0; i < steps; i++)
            {
                var share = (double)i / steps;
                var x = x0 + share * (x1 - x0) + walk[i] - share * walk[steps];
                points.Add(new PathPoint(from.Time + (to.Time - from.Time) * share, Round((decimal)Math.Exp(x))));
            }
        }

        var last = Anchors[^1];
        points.Add(new PathPoint(last.Time, Round(last.Price)));
        return points;
    }

    /// <summary>The path as the project's own price file, with the anchors in its comment lines.</summary>
    public string ToCsv(string title)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {title}");
        text.AppendLine("# Synthesised through these anchor points (time, price), Brownian bridge between them (AnchorPath):");
        foreach (var anchor in Anchors)
            text.AppendLine(CultureInfo.InvariantCulture, $"#   {anchor.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {anchor.Price}");
        text.AppendLine(PriceFile.PlainHeader);
        foreach (var p in Points())
            text.AppendLine(CultureInfo.InvariantCulture, $"{p.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{Market},{p.Price}");
        return text.ToString();
    }

    private decimal Round(decimal price) => Math.Max(Math.Round(price, Decimals), 1m / (decimal)Math.Pow(10, Decimals));

    private static double Normal(SeededRandom random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
