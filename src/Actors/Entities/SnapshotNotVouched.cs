namespace LeverageActors.Actors.Entities;

/// <summary>A snapshot the journal's next event does not vouch for (<see cref="SnapshotTrust"/>).</summary>
public sealed class SnapshotNotVouched(string message) : Exception(message);
