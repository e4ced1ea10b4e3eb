using LeverageActors.Actors.Persistence;

namespace LeverageActors.Actors.Membership;

/// <summary>Whether a cluster other than this node is live on the journal, as its members' beats tell.</summary>
public enum Liveness
{
    /// <summary>No other member was heard from within <see cref="LiveCluster.Silence"/>: this node may start a cluster.</summary>
    None,

    /// <summary>Another member was heard from since this node began to ask: a live cluster writes to the journal.</summary>
    Live,

    /// <summary>Only beats from before this node began to ask: they stop when their member died, so wait and read again.</summary>
    Unsure,
}

/// <summary>
/// What a node about to start a cluster learns from the members' beats
/// (<see cref="IClusterMemberTable"/>). A row alone proves nothing (its member may have been
/// killed a moment ago): a beat after this node began to ask does, since only an Up member beats.
/// </summary>
public static class LiveCluster
{
    /// <summary>How often an Up member beats.</summary>
    public static readonly TimeSpan BeatEvery = TimeSpan.FromSeconds(2);

    /// <summary>How long a member unheard from counts as gone: several beats, for a node slowed by its load.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(10);

    /// <param name="heard">Members heard from within <see cref="Silence"/>.</param>
    /// <param name="askingSince">When this node began to ask, by the database's clock.</param>
    public static Liveness Judge(HeardMembers heard, long askingSince) =>
        heard.Members.Count == 0 ? Liveness.None
        : heard.Members.Any(m => m.HeardAt >= askingSince) ? Liveness.Live
        : Liveness.Unsure;

    /// <summary>For the logs: the member heard from last, and how long ago.</summary>
    public static string Latest(HeardMembers heard) =>
        heard.Members.MaxBy(m => m.HeardAt) is { } latest
            ? $"member {latest.Address} was heard from {(heard.Now - latest.HeardAt) / 1000.0:0.0} s ago"
            : "no member was heard from";
}
