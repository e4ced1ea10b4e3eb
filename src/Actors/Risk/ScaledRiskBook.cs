using LeverageActors.Actors.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// A market's check thresholds in base units (<see cref="RiskBase"/>), one sorted book per side and
/// <see cref="RiskRate"/>, each with one divisor at the requirement in force. A change of
/// requirement or of σ multiplies every row of a book by the same positive factor, so no row moves
/// in its book: <see cref="Rescale"/> computes one divisor per book, not one row per position.
/// A tick compares N/q with price·d (price·d/g or price·d·g for the warning rows, g = e^(kσ√h)).
/// <para>
/// Exactness: the rows a tick reports are exactly those whose threshold, computed on its own as
/// <see cref="RiskThreshold.For(RiskPosition, decimal, decimal?)"/> computes it (and ×g or ÷g for
/// a warning row, as the rows were before), the price has reached. N/q and price·d each round
/// (decimal keeps 28 to 29 digits, at most 28 decimal places), so they may disagree with the threshold's own
/// rounding in the last digits; rows within <see cref="Slack"/> of the cut (a relative 10⁻¹², many
/// orders above those roundings) are decided by computing their threshold exactly, rows beyond it
/// by their key alone. A price at or below 0, or a book whose divisor is not positive (maintenance
/// near 80%), is decided row by row.
/// </para>
/// </summary>
public sealed class ScaledRiskBook
{
    /// <summary>Relative and absolute widths of the band decided exactly around a cut.</summary>
    private const decimal Slack = 0.000_000_000_001m;
    private const decimal AbsoluteSlack = 0.000_000_000_000_000_001m;

    private static readonly Comparer<(decimal Key, string Id)> Order =
        Comparer<(decimal Key, string Id)>.Create((a, b) =>
            a.Key != b.Key ? a.Key.CompareTo(b.Key) : string.CompareOrdinal(a.Id, b.Id));

    private static readonly Comparer<Entry> ByKey = Comparer<Entry>.Create((a, b) =>
        a.Key != b.Key ? a.Key.CompareTo(b.Key) : string.CompareOrdinal(a.Id, b.Id));

    // One object per row, found by id here and ordered in its book: a copy of the row in each (a
    // struct of 80 B in the dictionary, 56 B in the set's node) cost ~250 B a position, this ~160 B.
    private readonly Dictionary<PositionId, Entry> _rows = new();
    private readonly Dictionary<(PositionSide, RiskRate), RateBook> _books = new();
    private decimal? _required;
    /// <summary>e^(kσ√h); at or below 1 there are no warning rows.</summary>
    private decimal _growth;

    public int Count => _rows.Count;

    public bool Contains(PositionId id) => _rows.ContainsKey(id);

    public void Upsert(RiskBase row)
    {
        // A refresh recomputes every row; most did not move (no interest since).
        if (_rows.TryGetValue(row.Id, out var known) && known.Is(row))
            return;
        Remove(row.Id);
        if (!_books.TryGetValue((row.Side, row.Rate), out var book))
            _books[(row.Side, row.Rate)] = book = new RateBook(row.Side, row.Rate, _required);
        var entry = new Entry(row.Key, row.Id.Value, row.Numerator, row.Quantity, book);
        _rows[row.Id] = entry;
        book.Rows.Add(entry);
    }

    public void Remove(PositionId id)
    {
        if (!_rows.Remove(id, out var old))
            return;
        var book = old.Book;
        book.Rows.Remove(old);
        if (book.Rows.Count == 0)
            _books.Remove((book.Side, book.Rate));
    }

    /// <summary>The requirement and warning factor in force: one divisor per book, no row touched.</summary>
    public void Rescale(decimal? required, decimal growth)
    {
        _growth = growth;
        if (required == _required)
            return;
        _required = required;
        foreach (var book in _books.Values)
            book.Divisor = book.Rate.Divisor(book.Side, required);
    }

    /// <summary>Whether <paramref name="price"/> reached this position's liquidation row or, when there are warning rows, its warning row.</summary>
    public bool Crosses(PositionId id, decimal price) =>
        _rows.TryGetValue(id, out var row) && Reaches(row, price, _growth > 1);

    /// <summary>
    /// The positions whose liquidation row (<paramref name="warning"/> false) or warning row (true;
    /// none while there are no warning rows) <paramref name="price"/> reached: longs then shorts,
    /// each ordered by threshold and id, as one <see cref="RiskBook"/> per side reports them. A side
    /// with one book (a market whose positions share their terms) is reported in its rows' order,
    /// which is the thresholds' order (d is shared and positive) except among rows whose thresholds
    /// agree to the last digits, so no threshold is computed but near the cut; several books are
    /// merged by their rows' exact thresholds.
    /// </summary>
    public IEnumerable<PositionId> Crossed(decimal price, bool warning)
    {
        if (warning && _growth <= 1)
            return [];
        int longBooks = 0, shortBooks = 0;
        foreach (var book in _books.Values)
        {
            if (book.Side == PositionSide.Long)
                longBooks++;
            else
                shortBooks++;
        }

        List<(decimal, string)>? longs = null, shorts = null;
        bool longsByKey = true, shortsByKey = true;
        foreach (var book in _books.Values)
        {
            if (book.Side == PositionSide.Long)
                longsByKey &= Collect(book, price, warning, longBooks == 1, ref longs);
            else
                shortsByKey &= Collect(book, price, warning, shortBooks == 1, ref shorts);
        }

        return Ordered(longs, longsByKey).Concat(Ordered(shorts, shortsByKey));
    }

    private static IEnumerable<PositionId> Ordered(List<(decimal Threshold, string Id)>? rows, bool byKey)
    {
        if (rows is null)
            return [];
        if (!byKey)
            rows.Sort(Order);
        return rows.Select(r => PositionId.From(r.Id));
    }

    /// <summary>
    /// Adds the rows of <paramref name="book"/> the price reached; in the book's order with no threshold
    /// computed away from the cut when <paramref name="alone"/> allows it (returns true), else each with its exact threshold.
    /// </summary>
    private bool Collect(RateBook book, decimal price, bool warning, bool alone, ref List<(decimal, string)>? found)
    {
        var d = book.Divisor;
        var set = book.Rows;
        var growth = warning ? _growth : 1m;
        var isLong = book.Side == PositionSide.Long;
        if (price <= 0 || d <= 0)
        {
            foreach (var entry in set)
                Add(entry, isLong, d, growth, price, ref found);
            return false;
        }

        // Saturated: a short's cut grown by e^20 at a price near 10²⁰ passes the largest decimal.
        var cut = DecimalMath.Saturating(price * d, isLong ? growth : 1 / growth);
        var width = Math.Abs(cut) * Slack + AbsoluteSlack;
        // The band's upper edge saturates with the cut: a saturated cut plus its width passed the largest decimal.
        var (low, high) = (cut - width, cut > decimal.MaxValue - width ? decimal.MaxValue : cut + width);
        if (isLong)
        {
            // A long is reached at or below its threshold: the rows from the cut up.
            if (set.Max!.Key < low)
                return alone;
            // From the top down and no further than the cut: a plain walk, no range view to build and count.
            foreach (var entry in set.Reverse())
            {
                if (entry.Key < low)
                    break;
                if (entry.Key < high)
                    Add(entry, isLong, d, growth, price, ref found);
                else
                    (found ??= []).Add((alone ? 0m : Threshold(entry, isLong, d, growth), entry.Id));
            }

            // Alone, the list holds this book's rows only: back to ascending order.
            if (alone)
                found?.Reverse();
        }
        else
        {
            if (set.Min!.Key > high)
                return alone;
            foreach (var entry in set)
            {
                if (entry.Key > high)
                    break;
                if (entry.Key > low)
                    Add(entry, isLong, d, growth, price, ref found);
                else
                    (found ??= []).Add((alone ? 0m : Threshold(entry, isLong, d, growth), entry.Id));
            }
        }

        return alone;
    }

    /// <summary>A row near the cut (or in a book decided row by row): its threshold computed exactly.</summary>
    private static void Add(Entry entry, bool isLong, decimal d, decimal growth, decimal price, ref List<(decimal, string)>? found)
    {
        var threshold = Threshold(entry, isLong, d, growth);
        if (isLong ? price <= threshold : price >= threshold)
            (found ??= []).Add((threshold, entry.Id));
    }

    private bool Reaches(Entry row, decimal price, bool warning)
    {
        var isLong = row.Book.Side == PositionSide.Long;
        var threshold = Threshold(row, isLong, row.Book.Divisor, warning ? _growth : 1m);
        return isLong ? price <= threshold : price >= threshold;
    }

    /// <summary>
    /// The row as the index computed it before: the liquidation threshold (<see cref="RiskBase.ThresholdOver"/>),
    /// ×g for a long's warning row, ÷g for a short's (g of 1 or less: the liquidation row).
    /// </summary>
    private static decimal Threshold(Entry entry, bool isLong, decimal d, decimal growth)
    {
        var liquidation = RiskBase.Threshold(entry.Numerator, entry.Quantity, d);
        if (growth <= 1)
            return liquidation;
        // A saturated row (a dust position) stays saturated rather than overflowing.
        return isLong ? liquidation > decimal.MaxValue / growth ? decimal.MaxValue : liquidation * growth : liquidation / growth;
    }

    /// <summary>A row in its book: its key, and what its threshold is computed from at the book's divisor.</summary>
    private sealed class Entry(decimal key, string id, decimal numerator, decimal quantity, RateBook book)
    {
        public decimal Key { get; } = key;
        public string Id { get; } = id;
        public decimal Numerator { get; } = numerator;
        public decimal Quantity { get; } = quantity;
        public RateBook Book { get; } = book;

        /// <summary>Whether <paramref name="row"/> is this row: the same terms in the same book.</summary>
        public bool Is(RiskBase row) =>
            Book.Side == row.Side && Book.Rate == row.Rate && Numerator == row.Numerator && Quantity == row.Quantity && Id == row.Id.Value;
    }

    private sealed class RateBook(PositionSide side, RiskRate rate, decimal? required)
    {
        public PositionSide Side { get; } = side;
        public RiskRate Rate { get; } = rate;
        public decimal Divisor { get; set; } = rate.Divisor(side, required);
        public SortedSet<Entry> Rows { get; } = new(ByKey);
    }
}
