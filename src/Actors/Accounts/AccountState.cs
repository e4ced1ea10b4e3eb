using System.Collections.Immutable;
using LeverageActors.Actors.Common;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// A trader's account as a pure function of its events. <see cref="Decide"/> never changes
/// state; <see cref="Apply"/> is the only way state changes, in the actor, in recovery and in
/// the audit alike.
/// </summary>
public sealed record AccountState
{
    public required AccountId Id { get; init; }

    public bool IsOpen { get; init; }

    public decimal FreeBalance { get; init; }

    /// <summary>Every request ever applied; kept whole so that a retry at any distance is recognised.</summary>
    public ImmutableHashSet<RequestId> AppliedRequests { get; init; } = [];

    public static AccountState Initial(AccountId id) => new() { Id = id };

    public Decision<IAccountEvent> Decide(IAccountCommand command)
    {
        if (AppliedRequests.Contains(command.RequestId))
            return Decisions.AlreadyApplied<IAccountEvent>();

        return command switch
        {
            OpenAccount c => IsOpen
                ? Decisions.Reject<IAccountEvent>(RejectionCodes.AccountAlreadyExists, $"Account {Id} already exists.")
                : Decisions.Accept<IAccountEvent>(new AccountOpened(Id, c.RequestId, c.At)),
            _ when !IsOpen => Decisions.Reject<IAccountEvent>(RejectionCodes.AccountNotFound, $"Account {Id} does not exist."),
            DepositFunds c => AmountRules.Check(c.Amount) is { } invalid
                ? Decisions.Reject<IAccountEvent>(invalid)
                : Decisions.Accept<IAccountEvent>(new FundsDeposited(Id, c.RequestId, c.Amount, c.At)),
            WithdrawFunds c => AmountRules.Check(c.Amount) is { } invalid
                ? Decisions.Reject<IAccountEvent>(invalid)
                : c.Amount > FreeBalance
                    ? Decisions.Reject<IAccountEvent>(RejectionCodes.InsufficientBalance,
                        $"Cannot withdraw {c.Amount}: the free balance is {FreeBalance}.")
                    : Decisions.Accept<IAccountEvent>(new FundsWithdrawn(Id, c.RequestId, c.Amount, c.At)),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown account command"),
        };
    }

    public AccountState Apply(IAccountEvent e)
    {
        var next = this with { AppliedRequests = AppliedRequests.Add(e.RequestId) };
        return e switch
        {
            AccountOpened => next with { IsOpen = true },
            FundsDeposited d => next with { FreeBalance = FreeBalance + d.Amount },
            FundsWithdrawn w => next with { FreeBalance = FreeBalance - w.Amount },
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown account event"),
        };
    }
}
