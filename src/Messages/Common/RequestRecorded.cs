using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Common;

/// <summary>
/// Whether an entity has recorded request <c>RequestId</c> (taken it, with its terms). A retry of a
/// recorded request is answered from that record, never judged again against the moment: the API's
/// pre-checks (an LP move's pool check, a fresh price) would otherwise refuse, or answer "nothing was
/// done" to, a retry whose first try went through, and the client would move the money a second
/// time under a new key.
/// </summary>
public sealed record RequestRecorded(RequestId RequestId, bool Recorded) : ILeverageMessage;
