namespace LeverageActors.Actors.Integrity;

/// <summary>A stream's latest event: its sequence number and its chain link.</summary>
public sealed record StreamHead(string Entity, long Sequence, byte[] Hash);
