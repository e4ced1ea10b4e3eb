using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// Every waiting trigger order of one market's watched positions, ordered by trigger price in two
/// books: the ones a falling price reaches (a long's stop-loss, a short's take-profit: price at or
/// below theirs) and the ones a rising price reaches (a long's take-profit, a short's stop-loss: at or
/// above). So a tick finds the triggers it reached in O(log N + k), as <see cref="RiskBook"/> finds
/// thresholds, and touches none it did not reach. Folded from the position events the risk index
/// reads: a trigger joins when placed and leaves when executed, cancelled, or its position is no longer live.
/// A price that reaches a trigger is only noted (<see cref="NoteCrossed(decimal, long)"/>); the next
/// price executes it (<see cref="Due"/>). The notes live in memory: an index that restarts between the
/// two loses them, and the trigger, still waiting, is noted again by the next price that reaches it.
/// </summary>
public sealed class TriggerBook
{
    private static readonly Comparer<(decimal Level, string Position, int Trigger)> Order =
        Comparer<(decimal Level, string Position, int Trigger)>.Create((a, b) =>
            a.Level != b.Level ? a.Level.CompareTo(b.Level)
            : string.CompareOrdinal(a.Position, b.Position) is var byId and not 0 ? byId
            : a.Trigger.CompareTo(b.Trigger));

    private readonly Dictionary<PositionId, List<Row>> _byPosition = new();
    private readonly SortedSet<(decimal Level, string Position, int Trigger)> _falling = new(Order);
    private readonly SortedSet<(decimal Level, string Position, int Trigger)> _rising = new(Order);
    private readonly Dictionary<(PositionId Position, int Trigger), TriggerCrossing> _crossed = new();

    public int Count => _falling.Count + _rising.Count;

    /// <summary>Folds a position event, given the position after it as the index keeps it.</summary>
    public void Observe(IPositionEvent evt, RiskPosition position)
    {
        if (!position.IsLive)
        {
            RemoveAll(position.Id);
            return;
        }

        switch (evt)
        {
            case TriggerPlaced e:
                var row = new Row(e.Trigger, e.TriggerPrice, PositionTriggers.FiresFalling(position.Side, e.Kind), e.PriceSequence);
                if (!_byPosition.TryGetValue(position.Id, out var rows))
                    _byPosition[position.Id] = rows = [];
                rows.Add(row);
                BookOf(row).Add(Key(position.Id, row));
                break;
            case TriggerCancelled e:
                Remove(position.Id, e.Trigger);
                break;
            case TriggerExecuted e:
                Remove(position.Id, e.Trigger);
                break;
        }
    }

    /// <summary>The triggers <paramref name="price"/> reached, in every position.</summary>
    public IEnumerable<(PositionId Position, int Trigger)> Reached(decimal price)
    {
        if (_falling.Count > 0 && _falling.Max.Level >= price)
            foreach (var (_, id, trigger) in _falling.GetViewBetween((price, string.Empty, int.MinValue), _falling.Max))
                yield return (PositionId.From(id), trigger);
        if (_rising.Count > 0 && _rising.Min.Level <= price)
            foreach (var (_, id, trigger) in _rising.GetViewBetween(_rising.Min, (price, "\uffff", int.MaxValue)))
                yield return (PositionId.From(id), trigger);
    }

    /// <summary>The triggers of one position <paramref name="price"/> reached.</summary>
    public IEnumerable<int> Reached(PositionId position, decimal price) =>
        _byPosition.TryGetValue(position, out var rows)
            ? rows.Where(r => r.Falling ? price <= r.Level : price >= r.Level).Select(r => r.Trigger).ToList()
            : [];

    /// <summary>
    /// Notes every waiting trigger price #<paramref name="sequence"/> reached; a trigger noted already keeps
    /// its earlier crossing, and one placed against this price or a later one is not noted (its position
    /// would not accept the crossing: <see cref="PositionTriggers.Proves"/>).
    /// </summary>
    public void NoteCrossed(decimal price, long sequence)
    {
        foreach (var reached in Reached(price))
            if (PlacedBefore(reached.Position, reached.Trigger, sequence))
                _crossed.TryAdd(reached, new TriggerCrossing(price, sequence));
    }

    /// <summary>As <see cref="NoteCrossed(decimal, long)"/>, for one position's triggers.</summary>
    public void NoteCrossed(PositionId position, decimal price, long sequence)
    {
        foreach (var trigger in Reached(position, price))
            if (PlacedBefore(position, trigger, sequence))
                _crossed.TryAdd((position, trigger), new TriggerCrossing(price, sequence));
    }

    private bool PlacedBefore(PositionId position, int trigger, long sequence) =>
        _byPosition.TryGetValue(position, out var rows) && rows.Find(r => r.Trigger == trigger) is { } row
        && (row.PlacedAtPrice is not { } placed || sequence > placed);

    /// <summary>
    /// The noted triggers price #<paramref name="sequence"/> comes after, each with its crossing, taken
    /// off the notes: a trigger is sent once per crossing, and a price that still reaches it notes it again.
    /// A price a quorum of whose reports came before the crossing (<paramref name="since"/> below its
    /// number) is not yet the next one: it is mostly the crossing price again, known to all.
    /// </summary>
    public IReadOnlyList<(PositionId Position, int Trigger, TriggerCrossing Crossing)> Due(long sequence, long? since = null)
    {
        var due = _crossed.Where(n => n.Value.Sequence < sequence && (since is null || since >= n.Value.Sequence))
            .Select(n => (n.Key.Position, n.Key.Trigger, n.Value))
            .OrderBy(n => n.Position.Value, StringComparer.Ordinal).ThenBy(n => n.Trigger)
            .ToList();
        foreach (var (position, trigger, _) in due)
            _crossed.Remove((position, trigger));
        return due;
    }

    private void Remove(PositionId position, int trigger)
    {
        _crossed.Remove((position, trigger));
        if (!_byPosition.TryGetValue(position, out var rows) || rows.Find(r => r.Trigger == trigger) is not { } row)
            return;
        rows.Remove(row);
        BookOf(row).Remove(Key(position, row));
        if (rows.Count == 0)
            _byPosition.Remove(position);
    }

    private void RemoveAll(PositionId position)
    {
        if (!_byPosition.Remove(position, out var rows))
            return;
        foreach (var row in rows)
        {
            BookOf(row).Remove(Key(position, row));
            _crossed.Remove((position, row.Trigger));
        }
    }

    private SortedSet<(decimal Level, string Position, int Trigger)> BookOf(Row row) => row.Falling ? _falling : _rising;

    private static (decimal Level, string Position, int Trigger) Key(PositionId position, Row row) => (row.Level, position.Value, row.Trigger);

    private sealed record Row(int Trigger, decimal Level, bool Falling, long? PlacedAtPrice);
}
