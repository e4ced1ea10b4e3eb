using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Membership;

/// <summary>
/// The journal this node writes to, as the join check names it: its id, where it is (never a
/// password), and what most likely went wrong when a cluster writes to another one.
/// </summary>
public sealed record OwnJournal(JournalId Id, string Description, string LikelyCause);
