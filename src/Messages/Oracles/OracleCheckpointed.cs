using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Oracles;

/// <summary>
/// The oracle's state after every event before this one, as a SHA-256 of its
/// <see cref="OracleSnapshot"/> (<c>StateHash</c>, lowercase hex). A node keeps that snapshot
/// beside the journal and recovers the oracle from it instead of replaying every report since the
/// market opened; the snapshot is used only if it hashes to this record, and the audit recomputes
/// the hash from its own replay. Written every <c>CheckpointEvery</c> events of the oracle.
/// </summary>
public sealed record OracleCheckpointed(MarketId Market, string StateHash, DateTimeOffset At) : IOracleEvent
{
    /// <summary>
    /// The journal chain's link before this record (lowercase hex), filled in by whoever writes the
    /// row: the snapshot carries the same link to go on sealing from, and is used only if they agree.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ChainHead { get; init; }
}
