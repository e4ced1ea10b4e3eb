using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using LeverageActors.Actors.Common;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>The sharded entity around <see cref="AccountState"/>: decide, persist, apply, reply.</summary>
public sealed class AccountActor : ReceivePersistentActor
{
    private static readonly ImmutableTags Tags = new("account");

    private AccountState _state;

    public AccountActor(AccountId id)
    {
        PersistenceId = PersistenceIds.Account(id);
        _state = AccountState.Initial(id);

        Recover<IAccountEvent>(e => _state = _state.Apply(e));
        Command<IAccountCommand>(Handle);
        Command<GetAccountBalance>(_ => Sender.Tell(_state.IsOpen
            ? new AccountBalanceResponse(_state.Id, _state.FreeBalance)
            : new AccountCommandRejected(_state.Id, null,
                new Rejection(RejectionCodes.AccountNotFound, $"Account {_state.Id} does not exist."))));
    }

    public override string PersistenceId { get; }

    private void Handle(IAccountCommand command)
    {
        switch (_state.Decide(command))
        {
            case Decision<IAccountEvent>.Accept accept:
                var sender = Sender;
                PersistAll(accept.Events.Select(Tags.Wrap), tagged => _state = _state.Apply((IAccountEvent)tagged.Payload));
                DeferAsync(command, c => sender.Tell(Accepted(c, alreadyApplied: false)));
                break;
            case Decision<IAccountEvent>.Reject reject:
                Sender.Tell(new AccountCommandRejected(_state.Id, command.RequestId, reject.Reason));
                break;
            case Decision<IAccountEvent>.AlreadyApplied:
                Sender.Tell(Accepted(command, alreadyApplied: true));
                break;
        }
    }

    private AccountCommandAccepted Accepted(IAccountCommand command, bool alreadyApplied) =>
        new(_state.Id, command.RequestId, _state.FreeBalance, alreadyApplied);
}
