using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Membership;

/// <summary>A node about to join asks a seed which journal its cluster writes to, and tells its own.</summary>
public sealed record GetJournalId(JournalId Joining) : ILeverageMessage;

public sealed record JournalIdResponse(JournalId Journal) : ILeverageMessage;
