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

    private readonly Dictionary<PositionId, RiskBase> _rows = new();
    private readonly Dictionary<(PositionSide, RiskRate), RateBook> _books = new();
    private decimal? _required;
    /// <summary>e^(kσ√h); at or below 1 there are no warning rows.</summary>
    private decimal _growth;

    public int Count => _rows.Count;

    public bool Contains(PositionId id) => _rows.ContainsKey(id);

    public void Upsert(RiskBase row)
    {
        // A refresh recomputes every row; most did not move (no interest since).
        if (_rows.TryGetValue(row.Id, out var known) && known == row)
            return;
        Remove(row.Id);
        _rows[row.Id] = row;
        if (!_books.TryGetValue((row.Side, row.Rate), out var book))
            _books[(row.Side, row.Rate)] = book = new RateBook(row.Side, row.Rate, _required);
        book.Rows.Add((row.Key, row.Id.Value));
    }

    public void Remove(PositionId id)
    {
        if (!_rows.Remove(id, out var old))
            return;
        var book = _books[(old.Side, old.Rate)];
        book.Rows.Remove((old.Key, old.Id.Value));
        if (book.Rows.Count == 0)
            _books.Remove((old.Side, old.Rate));
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
        _rows.TryGetValue(id, out var row) && Reaches(row, _books[(row.Side, row.Rate)].Divisor, price, _growth > 1);

    /// <summary>
    /// The positions whose liquidation row (<paramref name="warning"/> false) or warning row (true;
    /// none while there are no warning rows) <paramref name="price"/> reached: longs then shorts,
    /// each ordered by threshold and id, as one <see cref="RiskBook"/> per side reports them.
    /// </summary>
    public IEnumerable<PositionId> Crossed(decimal price, bool warning)
    {
        if (warning && _growth <= 1)
            return [];
        List<(decimal, string)>? longs = null, shorts = null;
        foreach (var book in _books.Values)
        {
            if (book.Side == PositionSide.Long)
                Collect(book, price, warning, ref longs);
            else
                Collect(book, price, warning, ref shorts);
        }

        return Ordered(longs).Concat(Ordered(shorts));
    }

    private static IEnumerable<PositionId> Ordered(List<(decimal Threshold, string Id)>? rows)
    {
        if (rows is null)
            return [];
        rows.Sort(Order);
        return rows.Select(r => PositionId.From(r.Id));
    }

    private void Collect(RateBook book, decimal price, bool warning, ref List<(decimal, string)>? found)
    {
        var d = book.Divisor;
        var set = book.Rows;
        if (price <= 0 || d <= 0)
        {
            foreach (var (_, id) in set)
                Add(_rows[PositionId.From(id)], d, price, warning, ref found);
            return;
        }

        var factor = !warning ? 1m : book.Side == PositionSide.Long ? 1 / _growth : _growth;
        var cut = price * d * factor;
        var width = Math.Abs(cut) * Slack + AbsoluteSlack;
        var (low, high) = (cut - width, cut + width);
        if (book.Side == PositionSide.Long)
        {
            // A long is reached at or below its threshold: the rows from the cut up.
            if (set.Max.Key < low)
                return;
            foreach (var (key, id) in set.GetViewBetween((low, string.Empty), set.Max))
            {
                if (key < high)
                    Add(_rows[PositionId.From(id)], d, price, warning, ref found);
                else
                    (found ??= []).Add((Threshold(_rows[PositionId.From(id)], d, warning), id));
            }
        }
        else
        {
            if (set.Min.Key > high)
                return;
            foreach (var (key, id) in set.GetViewBetween(set.Min, (high, "\uffff")))
            {
                if (key > low)
                    Add(_rows[PositionId.From(id)], d, price, warning, ref found);
                else
                    (found ??= []).Add((Threshold(_rows[PositionId.From(id)], d, warning), id));
            }
        }
    }

    /// <summary>A row near the cut (or in a book decided row by row): its threshold computed exactly.</summary>
    private void Add(RiskBase row, decimal d, decimal price, bool warning, ref List<(decimal, string)>? found)
    {
        if (Reaches(row, d, price, warning))
            (found ??= []).Add((Threshold(row, d, warning), row.Id.Value));
    }

    private bool Reaches(RiskBase row, decimal d, decimal price, bool warning)
    {
        var threshold = Threshold(row, d, warning);
        return row.Side == PositionSide.Long ? price <= threshold : price >= threshold;
    }

    /// <summary>The row as the index computed it before: the liquidation threshold, ×g for a long's warning row, ÷g for a short's.</summary>
    private decimal Threshold(RiskBase row, decimal d, bool warning)
    {
        var liquidation = row.ThresholdAt(d);
        if (!warning || _growth <= 1)
            return liquidation;
        return row.Side == PositionSide.Long ? liquidation * _growth : liquidation / _growth;
    }

    private sealed class RateBook(PositionSide side, RiskRate rate, decimal? required)
    {
        public PositionSide Side { get; } = side;
        public RiskRate Rate { get; } = rate;
        public decimal Divisor { get; set; } = rate.Divisor(side, required);
        public SortedSet<(decimal Key, string Id)> Rows { get; } = new(Order);
    }
}
