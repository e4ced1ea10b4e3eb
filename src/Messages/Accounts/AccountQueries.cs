using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

public sealed record GetAccountBalance(AccountId AccountId) : IWithAccountId;

public sealed record AccountBalanceResponse(AccountId AccountId, decimal FreeBalance) : ILeverageMessage;
