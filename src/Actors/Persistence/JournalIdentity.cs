using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// Reads a journal's identity, creating it at the journal's first start. Every node reads it
/// before its actor system starts, so a restarted node always reports what its journal holds.
/// </summary>
public static class JournalIdentity
{
    public static JournalId ReadOrCreate(IJournalIdentityTable table) =>
        JournalId.From(table.ReadOrCreate(JournalId.New().Value, DateTimeOffset.UtcNow));
}
