using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// The command took effect, now or earlier: <c>AlreadyApplied</c> is true when this request id
/// had been applied before and nothing moved this time.
/// </summary>
public sealed record AccountCommandAccepted(
    AccountId AccountId,
    RequestId RequestId,
    decimal FreeBalance,
    bool AlreadyApplied) : ILeverageMessage;

/// <summary>The command was refused and nothing changed.</summary>
public sealed record AccountCommandRejected(AccountId AccountId, RequestId? RequestId, Rejection Reason)
    : ILeverageMessage;
