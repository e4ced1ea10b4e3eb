using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// Does this key hash belong to the account? The account compares in constant time and answers
/// only yes or no, so the stored hash never leaves the entity.
/// </summary>
public sealed record VerifyApiKey(AccountId AccountId, string ApiKeyHash) : IWithAccountId;

public sealed record ApiKeyVerified(AccountId AccountId, bool Valid) : ILeverageMessage;

/// <summary>The positions that have taken (or tried to take) collateral from the account.</summary>
public sealed record GetAccountPositions(AccountId AccountId) : IWithAccountId;

public sealed record AccountPositions(AccountId AccountId, IReadOnlyList<PositionId> Positions) : ILeverageMessage;
