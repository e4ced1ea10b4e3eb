using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles;

/// <summary>The aggregation rules of DESIGN §2, as pure functions of the latest report of each source.</summary>
public static class OracleRules
{
    public const string UnknownMarket = "unknown-market";
    public const string UnknownSource = "unknown-source";
    public const string NonPositive = "non-positive-price";
    public const string Stale = "stale";
    public const string Outlier = "outlier";
    public const string NoQuorum = "no-quorum";

    public static decimal Median(IReadOnlyList<decimal> prices)
    {
        var sorted = prices.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Fresh: observed within the staleness limit, and not claiming a time ahead of ours (beyond a little clock skew).</summary>
    public static bool IsFresh(PriceReported report, DateTimeOffset now, OracleParameters p) =>
        now - report.ObservedAt <= p.StaleAfter && report.ObservedAt - now <= MaxClockSkew;

    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How old an accepted price may be and still be acted on: the staleness limit, plus the
    /// publication delay a market simulating a slow oracle is configured with (its prices are that
    /// old by the time anyone sees them).
    /// </summary>
    public static TimeSpan MaxPriceAge(OracleParameters p) => p.StaleAfter + p.Latency;

    /// <summary>
    /// The median of fresh reports that agree within the deviation limit, if at least a quorum
    /// does; and the sources left out, each with why.
    /// </summary>
    public static (decimal? Price, IReadOnlyList<PriceReported> Agreeing, IReadOnlyList<(string Source, string Reason)> Ignored) Aggregate(
        IEnumerable<PriceReported> latest, DateTimeOffset now, OracleParameters p)
    {
        var ignored = new List<(string, string)>();
        var fresh = new List<PriceReported>();
        foreach (var report in latest)
            if (IsFresh(report, now, p))
                fresh.Add(report);
            else
                ignored.Add((report.Source, Stale));

        if (fresh.Count < p.Quorum)
            return (null, [], ignored);

        var median = Median(fresh.Select(r => r.Price).ToList());
        var agreeing = new List<PriceReported>();
        foreach (var report in fresh)
            if (RelativeMove(report.Price, median) <= p.MaxDeviation)
                agreeing.Add(report);
            else
                ignored.Add((report.Source, Outlier));

        return agreeing.Count < p.Quorum ? (null, [], ignored) : (Median([.. agreeing.Select(r => r.Price)]), agreeing, ignored);
    }

    /// <summary>
    /// The oldest price a quorum, and a majority, of <paramref name="agreeing"/> arrived after: the
    /// k-th latest <see cref="PriceReported.AfterPrice"/> (0 for a report from before it was kept), k
    /// the larger of the quorum and a majority. A price is the next one for a request only when that
    /// many of its reports came after the request: with three sources and a quorum of two, the first
    /// report after a request is otherwise the median of itself and two reports made before it, the
    /// old price again, which a trader who sees the markets move ahead of the sources would trade on,
    /// knowing it; a majority, because a median of mostly older reports is an older price whatever the quorum.
    /// </summary>
    public static long Since(IReadOnlyList<PriceReported> agreeing, int quorum) =>
        agreeing.Select(r => r.AfterPrice ?? 0).OrderDescending().ElementAt(Math.Max(Math.Max(quorum, 1), agreeing.Count / 2 + 1) - 1);

    /// <summary>
    /// |price − reference| / reference; a move too large for a decimal (10²⁰ against 10⁻²⁰) is the
    /// largest decimal instead of an overflow that would fail the report.
    /// </summary>
    public static decimal RelativeMove(decimal price, decimal reference)
    {
        var difference = Math.Abs(price - reference);
        return reference < 1 && difference > decimal.MaxValue * reference ? decimal.MaxValue : difference / reference;
    }
}
