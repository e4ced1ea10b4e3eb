using LeverageActors.Host.Api.Access;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A review (read-only, of 99f1793): every key a node verified was remembered for good, and accounts
/// cost nothing to open, so a loop of opening and using accounts grew each node's memory without end.
/// </summary>
public sealed class VerifiedKeysSpecs
{
    [Fact]
    public void The_keys_remembered_never_pass_the_capacity_and_the_newest_is_known()
    {
        var keys = new VerifiedKeys(capacity: 3);
        var accounts = Enumerable.Range(0, 10).Select(i => AccountId.From($"a{i}")).ToList();

        foreach (var (account, i) in accounts.Select((a, i) => (a, i)))
        {
            keys.Remember($"hash-{i}", account);
            Assert.InRange(keys.Count, 1, 3);
            Assert.True(keys.Knows($"hash-{i}", account));
        }

        Assert.False(keys.Knows("hash-0", accounts[0]));
    }
}
