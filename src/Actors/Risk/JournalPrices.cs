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
/// σ folded from the oracle's records up to that price's own number. Prices and records come on
/// separate feeds (the market's tag and the prices' own), in either order: a price's requirement is
/// therefore read when it is taken, never fixed when the price is read.
/// </summary>
public sealed class JournalPrices(TimeSpan grace)
{
    private readonly List<Due> _due = [];
    /// <summary>The records read, each with the schedule folded up to it, in the journal's order (the price numbers' order).</summary>
    private readonly List<(long PriceSequence, MarginSchedule Schedule)> _schedules = [];
    private MarginSchedule _margins = MarginSchedule.Empty;
    private Due? _taken;
    private long _heard = -1;

    /// <summary>A price read from the journal at <paramref name="readAt"/> (this node's monotonic clock).</summary>
    public void Observe(PriceAccepted accepted, TimeSpan readAt)
    {
        if (accepted.Sequence <= _heard || (_due.Count > 0 && accepted.Sequence <= _due[^1].Price.Sequence))
            return;
        var latency = accepted.PublishAt - accepted.At;
        _due.Add(new Due(accepted, readAt + (latency > TimeSpan.Zero ? latency : TimeSpan.Zero) + grace));
    }

    /// <summary>
    /// One of the oracle's records, folded into the requirement of its own price and every later one.
    /// True when it is the price last taken from the journal's or an older one's: that tick has
    /// changed (<see cref="Retaken"/>), the record reached the journal's reader after the price did.
    /// </summary>
    public bool Observe(MarginRequirementChanged record)
    {
        _margins = _margins.After(record);
        _schedules.Add((record.PriceSequence, _margins));
        Forget();
        return _taken is not null && record.PriceSequence <= _taken.Price.Sequence;
    }

    /// <summary>The topic brought this price: it and every older one are no longer due.</summary>
    public void Heard(long sequence)
    {
        _heard = Math.Max(_heard, sequence);
        _due.RemoveAll(d => d.Price.Sequence <= sequence);
        Forget();
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
        return Retaken();
    }

    /// <summary>The price last taken from the journal, with the records read since.</summary>
    public PriceUpdated? Retaken() => _taken is { } taken ? taken.Tick(ScheduleAt(taken.Price.Sequence)) : null;

    /// <summary>The requirement as the oracle's records up to price <paramref name="sequence"/> made it.</summary>
    private MarginSchedule ScheduleAt(long sequence)
    {
        var i = _schedules.FindLastIndex(s => s.PriceSequence <= sequence);
        return i < 0 ? MarginSchedule.Empty : _schedules[i].Schedule;
    }

    /// <summary>
    /// The schedules no price can still ask for: every price still to come is newer than the last
    /// heard, and the ones kept are newer than the last taken. The newest schedule at or below the
    /// oldest such number stands for everything before it.
    /// </summary>
    private void Forget()
    {
        var oldest = Math.Min(_heard + 1, _taken?.Price.Sequence ?? long.MaxValue);
        if (_due.Count > 0)
            oldest = Math.Min(oldest, _due[0].Price.Sequence);
        var standing = _schedules.FindLastIndex(s => s.PriceSequence <= oldest);
        if (standing > 0)
            _schedules.RemoveRange(0, standing);
    }

    private sealed record Due(PriceAccepted Price, TimeSpan At)
    {
        public PriceUpdated Tick(MarginSchedule margins) =>
            new(Price.Market, Price.Price, Price.At, Price.Sequence) { Margin = margins.At(Price.At), Scale = margins.Scale };
    }
}
