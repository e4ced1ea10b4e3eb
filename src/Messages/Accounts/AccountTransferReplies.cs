using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Messages.Accounts;

public sealed record CollateralLockedReply(PositionId PositionId, TransferId TransferId) : IWithPositionId;

public sealed record CollateralLockRefused(PositionId PositionId, TransferId TransferId, Rejection Reason) : IWithPositionId;

/// <summary>Acknowledges a commit, a release or a credit: the account has applied the transfer.</summary>
public sealed record TransferAcknowledged(PositionId PositionId, TransferId TransferId) : IWithPositionId;
