namespace LeverageActors.Actors.Common;

/// <summary>A journal query stream ended; <c>Stream</c> tells which incarnation of the reader started it.</summary>
public sealed record JournalStreamFailed(Guid Stream, Exception Cause);
