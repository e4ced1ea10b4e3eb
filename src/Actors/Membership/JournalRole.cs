using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Membership;

/// <summary>
/// Each node carries its journal id as a cluster role, so every member learns a joiner's journal
/// from the join itself, before the joiner is Up and can host a shard.
/// </summary>
public static class JournalRole
{
    private const string Prefix = "journal-";

    public static string Of(JournalId journal) => Prefix + journal.Value;

    /// <summary>The journal a member writes to; null for a node that does not say.</summary>
    public static JournalId? Read(IEnumerable<string> roles) =>
        roles.FirstOrDefault(r => r.StartsWith(Prefix, StringComparison.Ordinal)) is { } role
        && IdRules.IsValid(role[Prefix.Length..])
            ? JournalId.From(role[Prefix.Length..])
            : null;
}
