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
    /// does; and the sources left out, each with why. The limit is first taken around the median of
    /// every fresh report. When that leaves less than a quorum, the largest group of reports that agree
    /// around their own median makes the price, if it is the only group that large and a majority of
    /// the fresh reports: otherwise one source far off (a broken feed) took the median of all to
    /// where the honest ones, 2–4% apart in a fast market, each fell outside the limit, and the market
    /// had no price, and after the staleness limit no liquidation (found by a read-only review). Every
    /// price the first way makes, the second makes the same, so journals from before audit alike.
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

        if (agreeing.Count >= p.Quorum)
            return (Median([.. agreeing.Select(r => r.Price)]), agreeing, ignored);
        if (LargestGroup(fresh, p) is not { } group)
            return (null, [], ignored);
        ignored.RemoveAll(i => group.Any(r => r.Source == i.Item1));
        return (Median([.. group.Select(r => r.Price)]), group, ignored);
    }

    /// <summary>
    /// The largest run of reports, in price order, each within the deviation limit of the run's own
    /// median: at least a quorum and a majority of <paramref name="fresh"/>, and the only run that large
    /// (two disagreeing groups of one size make no price).
    /// </summary>
    private static IReadOnlyList<PriceReported>? LargestGroup(IReadOnlyList<PriceReported> fresh, OracleParameters p)
    {
        var sorted = fresh.OrderBy(r => r.Price).ThenBy(r => r.Source, StringComparer.Ordinal).ToList();
        for (var size = sorted.Count; size >= Math.Max(p.Quorum, fresh.Count / 2 + 1); size--)
        {
            var groups = Enumerable.Range(0, sorted.Count - size + 1)
                .Select(start => sorted.GetRange(start, size))
                .Where(run => Median([.. run.Select(r => r.Price)]) is var median && run.All(r => RelativeMove(r.Price, median) <= p.MaxDeviation))
                .Take(2)
                .ToList();
            if (groups.Count > 0)
                return groups.Count == 1 ? groups[0] : null;
        }

        return null;
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
    /// How recent a report in a price must be to hold that price back from being a request's next one
    /// while it came before the request (<see cref="AllAfter"/>); the clock skew allowed between sources and nodes.
    /// </summary>
    public static readonly TimeSpan RecentReport = MaxClockSkew;

    /// <summary>
    /// The oldest price a quorum and a majority of <paramref name="agreeing"/> came after (<see cref="Since"/>)
    /// and every one of them observed within <see cref="RecentReport"/> of the price's time
    /// <paramref name="at"/> (by observation). A quorum and a majority were not enough against one
    /// source with its own key: with three sources, it reported the old price again just after a
    /// request, an honest source the new one, and the median of those and the third source's report from
    /// before the request, a second old, was the old price, which the source's owner had traded on
    /// knowing the market had moved (found by a read-only review). A recent report from before the
    /// request now holds the price back, so the honest sources' next reports make it, and a median
    /// with one source's vote lies between two honest reports from after the request. An older one
    /// does not: else a source could hold every request back, by falling silent or by dating its
    /// reports back, for as long as its report stays fresh (a minute), and trade its own requests
    /// only when the market had turned its way (found by the review of the rule that counted every
    /// report); so a source can delay a request by <see cref="RecentReport"/> at most.
    /// </summary>
    /// <param name="since">The price's <see cref="Since"/>, computed once by the caller.</param>
    public static long AllAfter(IReadOnlyList<PriceReported> agreeing, DateTimeOffset at, long since)
    {
        foreach (var report in agreeing)
            if (at - report.ObservedAt <= RecentReport)
                since = Math.Min(since, report.AfterPrice ?? 0);
        return since;
    }

    /// <summary>
    /// As <see cref="ObservedSince"/>, and every report of <paramref name="agreeing"/> observed within
    /// <see cref="RecentReport"/> of the price's time <paramref name="priceAt"/> observed at or after <paramref name="at"/> (<see cref="AllAfter"/>).
    /// </summary>
    public static bool AllObservedSince(IReadOnlyList<PriceReported> agreeing, int quorum, DateTimeOffset priceAt, DateTimeOffset at) =>
        ObservedSince(agreeing, quorum, at) && agreeing.All(r => priceAt - r.ObservedAt > RecentReport || r.ObservedAt >= at);

    /// <summary>
    /// Whether a quorum, and a majority, of <paramref name="agreeing"/> were observed at or after
    /// <paramref name="at"/>: the next price for a request made then tells nothing anyone could read from
    /// the sources before it. <see cref="Since"/> counts reports by the price in force when they were
    /// observed, which a report observed between that price and the request passes; this counts by the
    /// request's own time (the sources' clocks against the request's node's, as the staleness limit does).
    /// </summary>
    public static bool ObservedSince(IReadOnlyList<PriceReported> agreeing, int quorum, DateTimeOffset at) =>
        agreeing.Count(r => r.ObservedAt >= at) >= Math.Max(Math.Max(quorum, 1), agreeing.Count / 2 + 1);

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
