using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// Every open position of one market ordered by threshold price, so that a tick finds the
/// positions it crossed in O(log N + k): longs whose threshold is at or above the price, shorts
/// whose threshold is at or below it. A tick that crosses nobody touches no row.
/// </summary>
public sealed class RiskBook
{
    private static readonly Comparer<(decimal Threshold, string Id)> Order =
        Comparer<(decimal Threshold, string Id)>.Create((a, b) =>
            a.Threshold != b.Threshold ? a.Threshold.CompareTo(b.Threshold) : string.CompareOrdinal(a.Id, b.Id));

    private readonly Dictionary<PositionId, RiskRow> _rows = new();
    private readonly SortedSet<(decimal Threshold, string Id)> _longs = new(Order);
    private readonly SortedSet<(decimal Threshold, string Id)> _shorts = new(Order);

    public int Count => _rows.Count;

    public bool Contains(PositionId id) => _rows.ContainsKey(id);

    public void Upsert(RiskRow row)
    {
        Remove(row.Id);
        _rows[row.Id] = row;
        SideOf(row.Side).Add((row.Threshold, row.Id.Value));
    }

    public void Remove(PositionId id)
    {
        if (_rows.Remove(id, out var old))
            SideOf(old.Side).Remove((old.Threshold, old.Id.Value));
    }

    /// <summary>Whether <paramref name="price"/> has reached this position's threshold.</summary>
    public bool Crosses(PositionId id, decimal price) =>
        _rows.TryGetValue(id, out var row) && (row.Side == PositionSide.Long ? price <= row.Threshold : price >= row.Threshold);

    /// <summary>The positions whose threshold <paramref name="price"/> has reached.</summary>
    public IEnumerable<PositionId> Crossed(decimal price)
    {
        if (_longs.Count > 0 && _longs.Max.Threshold >= price)
            foreach (var (_, id) in _longs.GetViewBetween((price, string.Empty), _longs.Max))
                yield return PositionId.From(id);
        if (_shorts.Count > 0 && _shorts.Min.Threshold <= price)
            foreach (var (_, id) in _shorts.GetViewBetween(_shorts.Min, (price, "\uffff")))
                yield return PositionId.From(id);
    }

    private SortedSet<(decimal Threshold, string Id)> SideOf(PositionSide side) => side == PositionSide.Long ? _longs : _shorts;
}
