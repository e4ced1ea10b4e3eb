using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>Routes a message to the account entity it names.</summary>
public interface IWithAccountId : ILeverageMessage
{
    AccountId AccountId { get; }
}
