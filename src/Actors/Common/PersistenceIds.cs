using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Common;

/// <summary>Persistence ids carry the entity kind as a prefix; the audit reads the kind from it.</summary>
public static class PersistenceIds
{
    public const string AccountPrefix = "account-";

    public static string Account(AccountId id) => AccountPrefix + id.Value;
}
