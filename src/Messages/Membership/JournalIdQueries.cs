using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Membership;

/// <summary>A node about to join asks a seed which journal its cluster writes to, and tells its own.</summary>
public sealed record GetJournalId(JournalId Joining) : ILeverageMessage
{
    /// <summary>
    /// The row the asker wrote into its own journal's member table before asking: found in the
    /// seed's database only if both write to one database, not to a copy and its original, which
    /// share the journal's id. Absent from a node before this check or one that may not write the table.
    /// </summary>
    public MemberEntry? Entered { get; init; }
}

/// <summary>A node's row in a journal's member table: its address and incarnation (Akka's unique address).</summary>
public sealed record MemberEntry(string Address, long Incarnation);

public sealed record JournalIdResponse(JournalId Journal) : ILeverageMessage
{
    /// <summary>
    /// The ids agree but the asker's <see cref="GetJournalId.Entered"/> row is not in this cluster's
    /// database: the asker writes to a copy of the journal.
    /// </summary>
    public bool EntryMissing { get; init; }

    /// <summary>
    /// The settings the answering member runs with, by name, which every member must share; null from
    /// a node of a build before the check (the joiner is let in unchecked).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }
}

/// <summary>
/// A member asks another that runs with other shared settings (its role's fingerprint differs) which
/// ones, to tell a build's new parameter from a node configured differently.
/// </summary>
public sealed record GetSharedSettings : ILeverageMessage
{
    public static GetSharedSettings Instance { get; } = new();
}

/// <summary>The settings a member runs with, by name, which every member must share.</summary>
public sealed record SharedSettingsResponse(IReadOnlyDictionary<string, string> Settings) : ILeverageMessage;
