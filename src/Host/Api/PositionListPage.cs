using System.Globalization;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api;

/// <summary>
/// A page of the caller's positions, newest first. Each position listed is asked of its entity (and
/// may be recovered for it), so a list of every position an account ever opened let one request wake
/// thousands: ten thousand minimum-size positions cost their owner about $200 of fees (a review).
/// The account's list only grows at its end, so a position's place in it is a stable cursor.
/// </summary>
public static class PositionListPage
{
    public const int DefaultPage = 100;
    public const int MaxPage = 500;

    /// <summary>The page a request's <c>before</c> and <c>limit</c> ask for, or the problem with them.</summary>
    public static ((int? Before, int Limit) Page, ApiAnswer? Invalid) Parse(string? before, string? limit)
    {
        int? until = null;
        if (before is not null)
        {
            if (!int.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
                return (default, ProblemKindAnswers.Field("before", "must be a place in the list, as a page's `next` gives it: 0 or more"));
            until = b;
        }

        var size = DefaultPage;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPage))
            return (default, ProblemKindAnswers.Field("limit", $"must be a whole number from 1 to {MaxPage}"));
        return ((until, size), null);
    }

    /// <summary>
    /// The positions at places below <paramref name="before"/> (the end of the list when null), at most
    /// <paramref name="limit"/> of them, newest first, and the <c>before</c> of the next page (null: none older).
    /// </summary>
    public static (IReadOnlyList<PositionId> Positions, int? Next) Of(IReadOnlyList<PositionId> all, int? before, int limit)
    {
        var end = Math.Min(before ?? all.Count, all.Count);
        var start = Math.Max(0, end - limit);
        var page = new List<PositionId>(end - start);
        for (var i = end - 1; i >= start; i--)
            page.Add(all[i]);
        return (page, start > 0 ? start : null);
    }
}
