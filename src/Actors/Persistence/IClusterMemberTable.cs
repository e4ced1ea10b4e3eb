namespace LeverageActors.Actors.Persistence;

/// <summary>
/// Table <c>cluster_member</c> in a journal's database: when each Up member of a cluster writing
/// to the journal was last heard from, by the database's clock (<see cref="ClusterMemberTable"/>).
/// A node about to start a cluster reads it to learn whether one is live on the journal already.
/// </summary>
public interface IClusterMemberTable
{
    /// <summary>Records that the member at <paramref name="address"/> (its incarnation <paramref name="incarnation"/>) is up now.</summary>
    void Beat(string address, long incarnation);

    /// <summary>
    /// Records that the member at <paramref name="address"/> starts the cluster now, unless a member
    /// of another address was heard from within <paramref name="within"/>; true if it was recorded.
    /// Made after a read found no one: any such row is new to the claimant, however it was dated (a
    /// claim's row is dated before its transaction commits). Claims are serialized, so of two nodes
    /// that each found no live member, one is refused.
    /// </summary>
    bool Claim(string address, long incarnation, TimeSpan within);

    /// <summary>
    /// Records the incarnation of a node about to join, dated <paramref name="silentFor"/> ago so
    /// that it does not count as live: the cluster's seeds look for it in their own database, where
    /// it is only if this node writes to that database and not to a copy of it.
    /// </summary>
    void Enter(string address, long incarnation, TimeSpan silentFor);

    /// <summary>Whether the table holds a row of that incarnation, live or silent.</summary>
    bool Holds(string address, long incarnation);

    /// <summary>Removes the member's row, if it is still that incarnation's: it left its cluster.</summary>
    void Forget(string address, long incarnation);

    /// <summary>The database's clock now and every member but <paramref name="self"/> heard from within <paramref name="within"/>.</summary>
    HeardMembers HeardWithin(TimeSpan within, string self);

    /// <summary>Whether <paramref name="failure"/> of a read means this node may never read the table (no right, no table), not a database away for a while.</summary>
    bool Unusable(Exception failure);
}

/// <summary>What <see cref="IClusterMemberTable.HeardWithin"/> read: times in milliseconds of the database's clock.</summary>
public sealed record HeardMembers(long Now, IReadOnlyList<HeardMember> Members);

public sealed record HeardMember(string Address, long HeardAt);
