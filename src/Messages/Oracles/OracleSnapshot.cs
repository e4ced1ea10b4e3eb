using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Oracles;

/// <summary>
/// An oracle's state as the snapshot store keeps it, taken right before an
/// <see cref="OracleCheckpointed"/> record: every part of the state the journal's events made
/// (the parameters the node is configured with are not), lists in a fixed order so that the same
/// state always serializes to the same bytes. <c>ChainHead</c> is the journal chain's link at the
/// snapshot's sequence number, to go on sealing from; it is no part of the state and not hashed.
/// </summary>
public sealed record OracleSnapshot(
    MarketId Market,
    OracleParameters? Parameters,
    IReadOnlyList<PriceReported> Latest,
    decimal? Price,
    DateTimeOffset? PriceAt,
    long Sequence,
    IReadOnlyList<PriceAccepted> Recent,
    DateTimeOffset? HaltedUntil,
    DateTimeOffset? HaltDeliveredUntil,
    DateTimeOffset? HaltSince,
    decimal? VolatilityLastPrice,
    DateTimeOffset? VolatilityLastAt,
    decimal? Variance,
    long VolatilitySamples,
    VolatilityUpdated? RecordedVolatility,
    MarginRequirementChanged? MarginLast,
    IReadOnlyList<MarginRequirementChanged> MarginInGrace,
    int SinceCheckpoint,
    string? ChainHead) : ILeverageMessage;
