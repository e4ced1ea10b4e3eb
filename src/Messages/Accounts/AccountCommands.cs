using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>A command that changes an account. <c>At</c> is the caller's clock value, recorded in the event.</summary>
public interface IAccountCommand : IWithAccountId
{
    RequestId RequestId { get; }

    DateTimeOffset At { get; }
}

public sealed record OpenAccount(AccountId AccountId, RequestId RequestId, DateTimeOffset At) : IAccountCommand;

public sealed record DepositFunds(AccountId AccountId, RequestId RequestId, decimal Amount, DateTimeOffset At)
    : IAccountCommand;

public sealed record WithdrawFunds(AccountId AccountId, RequestId RequestId, decimal Amount, DateTimeOffset At)
    : IAccountCommand;
