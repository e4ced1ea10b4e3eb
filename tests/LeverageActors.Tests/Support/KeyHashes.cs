using LeverageActors.Host.Api.Access;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Support;

/// <summary>What an account stores of a key with this secret: the API's own hash, so a spec's keys are hashed as the node's are.</summary>
public static class KeyHashes
{
    public static string Of(string secret) => new ApiKey(AccountId.From("any"), secret).Hash;
}
