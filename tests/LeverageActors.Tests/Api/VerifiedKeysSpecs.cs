using LeverageActors.Host.Api.Access;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A review (read-only, of 99f1793): every key a node verified was remembered for good, and accounts
/// cost nothing to open, so a loop of opening and using accounts grew each node's memory without end.
/// A later review: remembered for good, a key revoked through another node kept working here.
/// </summary>
public sealed class VerifiedKeysSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_keys_remembered_never_pass_the_capacity_and_the_newest_is_known()
    {
        var keys = new VerifiedKeys(TimeSpan.FromMinutes(1), capacity: 3);
        var accounts = Enumerable.Range(0, 10).Select(i => AccountId.From($"a{i}")).ToList();

        foreach (var (account, i) in accounts.Select((a, i) => (a, i)))
        {
            keys.Remember($"hash-{i}", account, T0, keys.Before(account));
            Assert.InRange(keys.Count, 1, 3);
            Assert.True(keys.Knows($"hash-{i}", account, T0));
        }

        Assert.False(keys.Knows("hash-0", accounts[0], T0));
    }

    [Fact]
    public void A_key_is_taken_on_trust_for_its_lifetime_only_and_never_for_another_account()
    {
        var keys = new VerifiedKeys(TimeSpan.FromSeconds(30));
        var alice = AccountId.From("alice");
        keys.Remember("hash", alice, T0, keys.Before(alice));

        Assert.True(keys.Knows("hash", alice, T0.AddSeconds(29)));
        Assert.False(keys.Knows("hash", AccountId.From("bob"), T0));
        Assert.False(keys.Knows("hash", alice, T0.AddSeconds(30)));
    }

    [Fact]
    public void Forgetting_an_account_forgets_each_of_its_keys_and_no_other()
    {
        var keys = new VerifiedKeys(TimeSpan.FromMinutes(1));
        var (alice, bob) = (AccountId.From("alice"), AccountId.From("bob"));
        keys.Remember("alice-1", alice, T0, keys.Before(alice));
        keys.Remember("alice-2", alice, T0, keys.Before(alice));
        keys.Remember("bob-1", bob, T0, keys.Before(bob));

        keys.Forget(alice, T0);

        Assert.False(keys.Knows("alice-1", alice, T0));
        Assert.False(keys.Knows("alice-2", alice, T0));
        Assert.True(keys.Knows("bob-1", bob, T0));
        keys.Remember("alice-1", alice, T0, keys.Before(alice));
        Assert.True(keys.Knows("alice-1", alice, T0));
    }

    /// <summary>
    /// Review of cd4320c (CONFIRMED): a verification answered "valid" just before the revocation, and
    /// remembered just after this node forgot the account's keys, was taken on trust for the lifetime.
    /// </summary>
    [Fact]
    public void A_verification_asked_before_a_revocation_through_this_node_is_not_remembered()
    {
        var keys = new VerifiedKeys(TimeSpan.FromMinutes(1));
        var alice = AccountId.From("alice");
        var asked = keys.Before(alice);

        keys.Forget(alice, T0);
        keys.Remember("leaked", alice, T0, asked);

        Assert.False(keys.Knows("leaked", alice, T0));
    }

    [Fact]
    public void Starting_afresh_never_lets_a_key_forgotten_before_count_again()
    {
        var keys = new VerifiedKeys(TimeSpan.FromMinutes(1), capacity: 2);
        var alice = AccountId.From("alice");
        var asked = keys.Before(alice);
        keys.Forget(alice, T0);
        keys.Forget(AccountId.From("bob"), T0);
        keys.Forget(AccountId.From("carol"), T0); // full: starts afresh, the counts with it

        keys.Remember("leaked", alice, T0, asked);

        Assert.False(keys.Knows("leaked", alice, T0));
    }

    /// <summary>
    /// Review of ab26508 (CONFIRMED): a key remembered as the table started afresh kept the count it was
    /// asked under, which the account's next revocation through this node made current again.
    /// </summary>
    [Fact]
    public void A_key_verified_as_the_table_fills_is_not_trusted_after_a_later_revocation()
    {
        var keys = new VerifiedKeys(TimeSpan.FromMinutes(1), capacity: 2);
        var alice = AccountId.From("alice");
        keys.Forget(alice, T0);
        keys.Remember("bob-1", AccountId.From("bob"), T0, keys.Before(AccountId.From("bob")));
        keys.Remember("carol-1", AccountId.From("carol"), T0, keys.Before(AccountId.From("carol")));

        keys.Remember("leaked", alice, T0, keys.Before(alice));
        keys.Forget(alice, T0);

        Assert.False(keys.Knows("leaked", alice, T0));
    }

    /// <summary>
    /// Review of 10263dd (SUSPECTED): every node hears every account's revocations now, so a loop of
    /// revocations filled the table and started it afresh on every node at once, each trader's key
    /// verified again. Revocations older than the lifetime are dropped first.
    /// </summary>
    [Fact]
    public void Revocations_older_than_the_lifetime_make_room_without_forgetting_other_keys()
    {
        var keys = new VerifiedKeys(TimeSpan.FromSeconds(30), capacity: 3);
        var bob = AccountId.From("bob");
        foreach (var i in Enumerable.Range(0, 10))
            keys.Forget(AccountId.From($"spammer-{i}"), T0.AddSeconds(11 * i - 110));
        keys.Remember("bob-1", bob, T0, keys.Before(bob));

        foreach (var i in Enumerable.Range(0, 3))
            keys.Forget(AccountId.From($"later-{i}"), T0.AddSeconds(11 * i + 1));

        Assert.True(keys.Knows("bob-1", bob, T0.AddSeconds(29)));
    }

    /// <summary>
    /// Review of 19ded05 (SUSPECTED): dropping a revocation assumed every key remembered before it had
    /// expired, which a clock stepped back breaks: the key was trusted again for the rest of its lifetime.
    /// </summary>
    [Fact]
    public void A_key_remembered_before_a_dropped_revocation_is_refused_even_after_the_clock_stepped_back()
    {
        var keys = new VerifiedKeys(TimeSpan.FromSeconds(30));
        var alice = AccountId.From("alice");
        keys.Remember("leaked", alice, T0.AddSeconds(20), keys.Before(alice));
        keys.Forget(alice, T0); // the clock stepped back 20 s meanwhile

        keys.Forget(AccountId.From("bob"), T0.AddSeconds(31)); // alice's revocation is a lifetime old: dropped

        Assert.False(keys.Knows("leaked", alice, T0.AddSeconds(31)));
    }

    /// <summary>A revocation dropped took with it whose keys it ended: a verification asked before it is not remembered.</summary>
    [Fact]
    public void A_verification_asked_before_a_dropped_revocation_is_not_remembered()
    {
        var keys = new VerifiedKeys(TimeSpan.FromSeconds(30), capacity: 2);
        var alice = AccountId.From("alice");
        var asked = keys.Before(alice);
        keys.Forget(alice, T0);
        keys.Forget(AccountId.From("bob"), T0);
        keys.Forget(AccountId.From("carol"), T0.AddSeconds(31)); // full: alice's and bob's revocations are dropped

        keys.Remember("leaked", alice, T0.AddSeconds(31), asked);

        Assert.False(keys.Knows("leaked", alice, T0.AddSeconds(31)));
        keys.Remember("renewed", alice, T0.AddSeconds(31), keys.Before(alice));
        Assert.True(keys.Knows("renewed", alice, T0.AddSeconds(31)));
    }

    /// <summary>
    /// Review of c34d38c (CONFIRMED): each revocation heard took a place in the queue, one account's as
    /// many as any, so one account revoked in a loop filled it and started the table afresh: every
    /// account's keys verified again. Entries a later revocation replaced are compacted away first.
    /// </summary>
    [Fact]
    public void One_account_revoked_in_a_loop_forgets_no_other_accounts_keys()
    {
        var keys = new VerifiedKeys(TimeSpan.FromSeconds(30), capacity: 3);
        var bob = AccountId.From("bob");
        keys.Remember("bob-1", bob, T0, keys.Before(bob));

        foreach (var i in Enumerable.Range(0, 10))
            keys.Forget(AccountId.From("mallory"), T0.AddSeconds(i));

        Assert.True(keys.Knows("bob-1", bob, T0.AddSeconds(10)));
    }
}
