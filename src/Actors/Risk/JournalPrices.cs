using LeverageActors.Actors.Oracles.Margin;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// A market's prices as its journal records them: the newest accepted price, and the requirement
/// records folded as the oracle folds them. The topic that publishes prices is not reliable while a
/// node joins or a subscriber moves (DistributedPubSub's registry reaches the other nodes by gossip,
/// and a publish nobody is known to want is dropped); the journal is, so an index that follows it
/// can rebuild the tick the oracle published, or would have, from these alone.
/// </summary>
public sealed class JournalPrices
{
    private MarginSchedule _margins = MarginSchedule.Empty;

    public PriceAccepted? Latest { get; private set; }

    public void Observe(PriceAccepted accepted)
    {
        if (Latest is null || accepted.Sequence > Latest.Sequence)
            Latest = accepted;
    }

    public void Observe(MarginRequirementChanged record) => _margins = _margins.After(record);

    /// <summary>
    /// The newest price as the oracle publishes it: with the requirement in force at its time and the
    /// σ it was recorded from (the records a price brings follow it in the same write, so they are
    /// folded by the time the caller has waited for the topic).
    /// </summary>
    public PriceUpdated? Tick() =>
        Latest is { } p
            ? new PriceUpdated(p.Market, p.Price, p.At, p.Sequence) { Margin = _margins.At(p.At), Scale = _margins.Scale }
            : null;
}
