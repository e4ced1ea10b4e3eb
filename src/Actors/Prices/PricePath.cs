using System.Globalization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Prices;

/// <summary>One row of a price path: at <c>Time</c> the market traded at <c>Price</c>.</summary>
public sealed record PricePoint(DateTimeOffset Time, MarketId Market, decimal Price);

/// <summary>
/// Reads a price-path CSV: a header <c>timestamp,market,price</c>, then rows such as
/// <c>2026-01-01T00:00:00Z,ETH-USD,2000.50</c> (ISO-8601 UTC). Errors name the line.
/// </summary>
public static class PricePath
{
    public static IReadOnlyList<PricePoint> Read(string path) => Parse(File.ReadLines(path), path);

    public static IReadOnlyList<PricePoint> Parse(IEnumerable<string> lines, string name)
    {
        var points = new List<PricePoint>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (number == 1 || (points.Count == 0 && line.StartsWith("timestamp", StringComparison.OrdinalIgnoreCase)))
            {
                if (!line.Replace(" ", "").Equals("timestamp,market,price", StringComparison.OrdinalIgnoreCase))
                    throw new FormatException($"{name}:1: the header must be 'timestamp,market,price', got '{line}'");
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != 3)
                throw new FormatException($"{name}:{number}: expected 3 columns, got {cells.Length}");
            if (!DateTimeOffset.TryParse(cells[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                throw new FormatException($"{name}:{number}: '{cells[0]}' is not an ISO-8601 time");
            if (!IdRules.IsValid(cells[1].Trim()))
                throw new FormatException($"{name}:{number}: '{cells[1]}' is not a market name");
            if (!decimal.TryParse(cells[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var price) || price <= 0)
                throw new FormatException($"{name}:{number}: '{cells[2]}' is not a positive price");
            points.Add(new PricePoint(time, MarketId.From(cells[1].Trim()), price));
        }

        return points.OrderBy(p => p.Time).ToList();
    }
}
