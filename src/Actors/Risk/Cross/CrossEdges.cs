using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Risk.Cross;

/// <summary>One market's band edges: lows reached by a price at or below them, highs by one at or above.</summary>
internal sealed class CrossEdges
{
    private static readonly Comparer<(decimal Edge, string Id)> Order =
        Comparer<(decimal Edge, string Id)>.Create((a, b) =>
            a.Edge != b.Edge ? a.Edge.CompareTo(b.Edge) : string.CompareOrdinal(a.Id, b.Id));

    private readonly SortedSet<(decimal Edge, string Id)> _lows = new(Order);
    private readonly SortedSet<(decimal Edge, string Id)> _highs = new(Order);

    public void Add(AccountId account, CrossBand band)
    {
        _lows.Add((band.Low, account.Value));
        _highs.Add((band.High, account.Value));
    }

    public void Remove(AccountId account, CrossBand band)
    {
        _lows.Remove((band.Low, account.Value));
        _highs.Remove((band.High, account.Value));
    }

    public IReadOnlyList<AccountId> Reached(decimal price)
    {
        var reached = new List<AccountId>();
        if (_lows.Count > 0 && _lows.Max.Edge >= price)
            foreach (var (_, id) in _lows.GetViewBetween((price, string.Empty), _lows.Max))
                reached.Add(AccountId.From(id));
        // A single-price band (no surplus) is reached from both ends at its price: listed once.
        var fromLows = reached.Count == 0 ? null : reached.Select(a => a.Value).ToHashSet(StringComparer.Ordinal);
        if (_highs.Count > 0 && _highs.Min.Edge <= price)
            foreach (var (_, id) in _highs.GetViewBetween(_highs.Min, (price, "\uffff")))
                if (fromLows is null || !fromLows.Contains(id))
                    reached.Add(AccountId.From(id));
        return reached;
    }
}
