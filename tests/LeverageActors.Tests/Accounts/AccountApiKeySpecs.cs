using LeverageActors.Actors.Accounts;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Accounts;

/// <summary>
/// An account's keys (API review: a key was set at the open for the account's life, so a leaked
/// one controlled the account for good): keys are added and revoked by events, the last one never,
/// and only by a caller whose own key the account still holds.
/// </summary>
public sealed class AccountApiKeySpecs
{
    private static readonly AccountId Alice = AccountId.From("alice");
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private static readonly string First = Hash("first");

    private static string Hash(string secret) => KeyHashes.Of(secret);

    private static AccountState Opened() =>
        Run(AccountState.Initial(Alice), new OpenAccount(Alice, RequestId.From("open"), T0, First)).State;

    private static (AccountState State, IReadOnlyList<ILeverageEvent> Events, object? Reply) Run(AccountState state, object command)
    {
        var handling = state.Handle(command);
        var after = handling.Events.Aggregate(state, (s, e) => s.Apply(e));
        return (after, handling.Events, handling.Reply?.Invoke(after));
    }

    private static bool Valid(AccountState state, string hash) =>
        Assert.IsType<ApiKeyVerified>(Run(state, new VerifyApiKey(Alice, hash)).Reply).Valid;

    private static string Refusal(AccountState state, object command)
    {
        var (_, events, reply) = Run(state, command);
        Assert.Empty(events);
        return Assert.IsType<AccountCommandRejected>(reply).Reason.Code;
    }

    /// <summary>
    /// The operator's first key (for the liquidators' account, which the node opens without one) is
    /// taken only by an account holding no key: never beside a trader's, nor by an account not opened.
    /// </summary>
    [Fact]
    public void A_first_key_is_granted_to_an_account_without_one_and_refused_to_any_other()
    {
        var keyless = Run(AccountState.Initial(Alice), new OpenAccount(Alice, RequestId.From("open"), T0)).State;
        var granted = Hash("granted");

        var (state, events, _) = Run(keyless, new GrantFirstApiKey(Alice, RequestId.From("grant"), granted, T0.AddMinutes(1)));

        Assert.Equal(granted, Assert.IsType<ApiKeyAdded>(Assert.Single(events)).ApiKeyHash);
        Assert.True(Valid(state, granted));
        Assert.Equal(RejectionCodes.AccountHoldsKey, Refusal(state, new GrantFirstApiKey(Alice, RequestId.From("again"), Hash("other"), T0.AddMinutes(2))));
        Assert.Equal(RejectionCodes.AccountHoldsKey, Refusal(Opened(), new GrantFirstApiKey(Alice, RequestId.From("grant"), granted, T0.AddMinutes(1))));
        Assert.Equal(RejectionCodes.AccountNotFound,
            Refusal(AccountState.Initial(Alice), new GrantFirstApiKey(Alice, RequestId.From("grant"), granted, T0.AddMinutes(1))));
        Assert.Null(Actors.Audit.ApiKeyRule.Check(events[0], keyless));
    }

    [Fact]
    public void An_added_key_works_beside_the_first_and_a_revoked_one_stops_working()
    {
        var second = Hash("second");
        var (state, _, _) = Run(Opened(), new AddApiKey(Alice, RequestId.From("add"), second, First, T0.AddMinutes(1)));
        Assert.True(Valid(state, First));
        Assert.True(Valid(state, second));

        (state, var events, _) = Run(state, new RevokeApiKey(Alice, RequestId.From("revoke"), ApiKeyIds.Of(First), second, T0.AddMinutes(2)));

        Assert.Equal([First], Assert.IsType<ApiKeysRevoked>(Assert.Single(events)).ApiKeyHashes);
        Assert.False(Valid(state, First));
        Assert.True(Valid(state, second));
        var listed = Assert.IsType<ApiKeysResponse>(Run(state, new GetApiKeys(Alice, second)).Reply);
        Assert.Equal([new ApiKeyListing(ApiKeyIds.Of(second), T0.AddMinutes(1))], listed.Keys);
    }

    /// <summary>
    /// Review of cd4320c (CONFIRMED): a node trusts a verified key for a while, so a revoked key could
    /// still add a key of its holder's, which outlived the revocation, and revoke the trader's.
    /// </summary>
    [Fact]
    public void A_revoked_key_can_neither_add_a_key_nor_revoke_one()
    {
        var (second, third) = (Hash("second"), Hash("third"));
        var state = Run(Opened(), new AddApiKey(Alice, RequestId.From("add"), second, First, T0)).State;
        state = Run(state, new AddApiKey(Alice, RequestId.From("add-3"), third, second, T0)).State;
        state = Run(state, new RevokeOtherApiKeys(Alice, RequestId.From("others"), second, T0)).State;

        Assert.Equal(RejectionCodes.InvalidApiKey, Refusal(state, new AddApiKey(Alice, RequestId.From("late"), Hash("mallory"), First, T0)));
        Assert.Equal(RejectionCodes.InvalidApiKey, Refusal(state, new RevokeApiKey(Alice, RequestId.From("late-2"), ApiKeyIds.Of(second), third, T0)));
        Assert.Equal(RejectionCodes.InvalidApiKey, Refusal(state, new RevokeOtherApiKeys(Alice, RequestId.From("late-3"), First, T0)));
        Assert.False(Valid(state, Hash("mallory")));
        Assert.True(Valid(state, second));
        // Nor is a revoked key answered as a retry of a change made with it, nor shown the keys (review of ab26508).
        Assert.Equal(RejectionCodes.InvalidApiKey, Refusal(state, new AddApiKey(Alice, RequestId.From("add"), second, First, T0)));
        Assert.Equal(RejectionCodes.InvalidApiKey,
            Assert.IsType<AccountCommandRejected>(Run(state, new GetApiKeys(Alice, First)).Reply).Reason.Code);
    }

    [Fact]
    public void The_last_key_is_never_revoked_and_an_unknown_one_is_not_found()
    {
        var state = Opened();

        Assert.Equal(RejectionCodes.LastApiKey, Refusal(state, new RevokeApiKey(Alice, RequestId.From("r"), ApiKeyIds.Of(First), First, T0)));
        Assert.Equal(RejectionCodes.ApiKeyNotFound, Refusal(state, new RevokeApiKey(Alice, RequestId.From("r2"), "key-0000000000000000", First, T0)));
        Assert.True(Valid(state, First));
    }

    [Fact]
    public void Revoking_the_others_keeps_only_the_callers_key_in_one_event()
    {
        var state = Opened();
        foreach (var i in Enumerable.Range(0, 3))
            state = Run(state, new AddApiKey(Alice, RequestId.From($"add-{i}"), Hash($"added-{i}"), First, T0)).State;

        var (after, events, reply) = Run(state, new RevokeOtherApiKeys(Alice, RequestId.From("others"), Hash("added-1"), T0));

        Assert.Equal(3, Assert.IsType<ApiKeysRevoked>(Assert.Single(events)).ApiKeyHashes.Count);
        Assert.IsType<AccountCommandAccepted>(reply);
        Assert.True(Valid(after, Hash("added-1")));
        Assert.False(Valid(after, First));
        Assert.False(Valid(after, Hash("added-0")));
        Assert.False(Valid(after, Hash("added-2")));
    }

    [Fact]
    public void An_account_holds_at_most_its_limit_of_keys_and_a_retry_adds_none()
    {
        var state = Opened();
        foreach (var i in Enumerable.Range(1, AccountState.MaxApiKeys - 1))
            state = Run(state, new AddApiKey(Alice, RequestId.From($"add-{i}"), Hash($"k{i}"), First, T0)).State;

        Assert.Equal(RejectionCodes.TooManyApiKeys, Refusal(state, new AddApiKey(Alice, RequestId.From("one-more"), Hash("more"), First, T0)));
        // The same request again (another node, another secret) is recognised, not a second key.
        var (again, events, reply) = Run(state, new AddApiKey(Alice, RequestId.From("add-1"), Hash("other-secret"), First, T0));
        Assert.Empty(events);
        Assert.True(Assert.IsType<AccountCommandAccepted>(reply).AlreadyApplied);
        Assert.False(Valid(again, Hash("other-secret")));
        Assert.Equal(RejectionCodes.InvalidAmount, Refusal(Opened(), new AddApiKey(Alice, RequestId.From("bad"), "not-a-hash", First, T0)));
    }

    [Fact]
    public void A_never_opened_account_verifies_no_key_and_lists_none()
    {
        var never = AccountState.Initial(Alice);

        Assert.False(Valid(never, First));
        Assert.IsType<AccountCommandRejected>(Run(never, new GetApiKeys(Alice, First)).Reply);
        Assert.Equal(RejectionCodes.AccountNotFound, Refusal(never, new AddApiKey(Alice, RequestId.From("add"), Hash("x"), First, T0)));
    }
}
