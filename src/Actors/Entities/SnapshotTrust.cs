using System.Collections.Concurrent;
using Akka.Actor;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// The entities whose snapshot the journal did not vouch for on this node: each recovers from its
/// whole journal from then on, for as long as the node runs. A snapshot that does not hash to the
/// checkpoint after it was edited, or outlived the events it was taken before.
/// </summary>
public sealed class SnapshotTrust : IExtension
{
    private readonly ConcurrentDictionary<string, bool> _distrusted = new();

    public static SnapshotTrust For(ActorSystem system) => system.WithExtension<SnapshotTrust, SnapshotTrustProvider>();

    public bool Trusts(string persistenceId) => !_distrusted.ContainsKey(persistenceId);

    public void Distrust(string persistenceId) => _distrusted[persistenceId] = true;
}

public sealed class SnapshotTrustProvider : ExtensionIdProvider<SnapshotTrust>
{
    public override SnapshotTrust CreateExtension(ExtendedActorSystem system) => new();
}
