using LeverageActors.Actors.Oracles.Margin;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// A market's prices as its journal records them, kept until the price topic has brought them. The
/// topic is not reliable while a node joins or a subscriber moves (DistributedPubSub's registry
/// reaches the other nodes by gossip, and a publish nobody is known to want is dropped); the
/// journal is. A price is due once the topic has had its chance: from when this node first read it
/// (its write had committed by then, which is about when the oracle's publication starts), its
/// latency and a grace, all on this node's own clock, so a skewed price time neither hastens nor
/// delays it. It is then rebuilt as the oracle published it: with the requirement in force and the
/// σ from the oracle's records up to that price's own (which follow the price in the journal).
/// </summary>
public sealed class JournalPrices(TimeSpan grace)
{
    private readonly List<Due> _due = [];
    private MarginSchedule _margins = MarginSchedule.Empty;
    private Due? _taken;
    private long _heard = -1;

    /// <summary>A price read from the journal at <paramref name="readAt"/> (this node's monotonic clock).</summary>
    public void Observe(PriceAccepted accepted, TimeSpan readAt)
    {
        if (accepted.Sequence <= _heard || (_due.Count > 0 && accepted.Sequence <= _due[^1].Price.Sequence))
            return;
        var latency = accepted.PublishAt - accepted.At;
        _due.Add(new Due(accepted, readAt + (latency > TimeSpan.Zero ? latency : TimeSpan.Zero) + grace) { Margins = _margins });
    }

    /// <summary>
    /// One of the oracle's records, folded into every later price's requirement and into its own
    /// price's. True when that price is the one last taken from the journal: its tick has changed
    /// (<see cref="Retaken"/>), it reached the journal's reader after the price did.
    /// </summary>
    public bool Observe(MarginRequirementChanged record)
    {
        _margins = _margins.After(record);
        foreach (var due in _due.Where(d => d.Price.Sequence == record.PriceSequence))
            due.Margins = due.Margins.After(record);
        if (_taken?.Price.Sequence != record.PriceSequence)
            return false;
        _taken.Margins = _taken.Margins.After(record);
        return true;
    }

    /// <summary>The topic brought this price: it and every older one are no longer due.</summary>
    public void Heard(long sequence)
    {
        _heard = Math.Max(_heard, sequence);
        _due.RemoveAll(d => d.Price.Sequence <= sequence);
    }

    /// <summary>When the earliest price still waiting for the topic falls due; null when none waits.</summary>
    public TimeSpan? NextDue => _due.Count == 0 ? null : _due.Min(d => d.At);

    /// <summary>The newest price due by <paramref name="now"/> that the topic has not brought, as the oracle published it; it and older ones are then done.</summary>
    public PriceUpdated? Overdue(TimeSpan now)
    {
        var i = _due.FindLastIndex(d => d.At <= now);
        if (i < 0)
            return null;
        _taken = _due[i];
        Heard(_taken.Price.Sequence);
        return _taken.Tick();
    }

    /// <summary>The price last taken from the journal, with the records read since.</summary>
    public PriceUpdated? Retaken() => _taken?.Tick();

    private sealed record Due(PriceAccepted Price, TimeSpan At)
    {
        public MarginSchedule Margins { get; set; } = MarginSchedule.Empty;

        public PriceUpdated Tick() =>
            new(Price.Market, Price.Price, Price.At, Price.Sequence) { Margin = Margins.At(Price.At), Scale = Margins.Scale };
    }
}
