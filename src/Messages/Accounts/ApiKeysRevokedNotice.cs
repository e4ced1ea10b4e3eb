using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// Published on <see cref="Topic"/> once an account's revocation of keys is persisted: every node
/// stops taking that account's keys on trust at once, instead of when its verification of them ages
/// out (<c>Api:VerifiedKeySeconds</c>, which still bounds a notice the node missed). Names no key.
/// </summary>
public sealed record ApiKeysRevokedNotice(AccountId AccountId) : ILeverageMessage
{
    public const string Topic = "api-keys-revoked";
}
