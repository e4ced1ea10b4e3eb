using LeverageActors.Actors.Oracles.Margin;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// A market's prices as its journal records them, kept until the price topic has brought them. The
/// topic is not reliable while a node joins or a subscriber moves (DistributedPubSub's registry
/// reaches the other nodes by gossip, and a publish nobody is known to want is dropped); the
/// journal is. A price is due once the topic has had its chance: from when this node first read it
/// (its write had committed by then, which is when the oracle's publication starts), its latency
/// and a grace, all on this node's own clock, so a skewed price time neither hastens nor delays it.
/// It is then rebuilt as the oracle published it, with the requirement in force and the σ from the
/// oracle's records up to that price's number (those records follow the price in the same write).
/// </summary>
public sealed class JournalPrices(TimeSpan grace)
{
    /// <summary>Requirement folds kept, one per record: records come at a bounded rate, and only a price still due reads them.</summary>
    private const int Kept = 64;

    private readonly List<Due> _due = [];
    private readonly List<(long PriceSequence, MarginSchedule After)> _records = [];
    private MarginSchedule _beforeRecords = MarginSchedule.Empty;
    private long _heard = -1;

    /// <summary>A price read from the journal at <paramref name="readAt"/> (this node's monotonic clock).</summary>
    public void Observe(PriceAccepted accepted, TimeSpan readAt)
    {
        if (accepted.Sequence <= _heard || (_due.Count > 0 && accepted.Sequence <= _due[^1].Price.Sequence))
            return;
        var latency = accepted.PublishAt - accepted.At;
        _due.Add(new Due(accepted, readAt + (latency > TimeSpan.Zero ? latency : TimeSpan.Zero) + grace));
    }

    public void Observe(MarginRequirementChanged record)
    {
        var after = (_records.Count > 0 ? _records[^1].After : _beforeRecords).After(record);
        _records.Add((record.PriceSequence, after));
        if (_records.Count <= Kept)
            return;
        _beforeRecords = _records[0].After;
        _records.RemoveAt(0);
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
        var price = _due[i].Price;
        Heard(price.Sequence);
        var margins = MarginsAt(price.Sequence);
        return new PriceUpdated(price.Market, price.Price, price.At, price.Sequence) { Margin = margins.At(price.At), Scale = margins.Scale };
    }

    /// <summary>The oracle's records folded up to those of price <paramref name="sequence"/>, none of a later price.</summary>
    private MarginSchedule MarginsAt(long sequence)
    {
        for (var i = _records.Count - 1; i >= 0; i--)
            if (_records[i].PriceSequence <= sequence)
                return _records[i].After;
        return _beforeRecords;
    }

    private sealed record Due(PriceAccepted Price, TimeSpan At);
}
