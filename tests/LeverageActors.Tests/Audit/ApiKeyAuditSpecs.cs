using LeverageActors.Actors.Common;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// A forger who can write the journal gives their own key to a trader's account, or leaves it with
/// none: the audit names the row (<c>api-keys</c>), as it names an honest change of keys not at all.
/// </summary>
public class ApiKeyAuditSpecs
{
    private static string Hash(string secret) => KeyHashes.Of(secret);

    private static readonly AccountId Alice = AccountId.From("alice");

    private static (ExchangeStory Story, string Stream) Keyed()
    {
        var s = new ExchangeStory();
        s.X.Send(new OpenAccount(Alice, RequestId.New(), s.Now, Hash("first")));
        s.X.Send(new AddApiKey(Alice, RequestId.New(), Hash("second"), Hash("first"), s.Now));
        s.X.Send(new RevokeApiKey(Alice, RequestId.New(), ApiKeyIds.Of(Hash("first")), Hash("second"), s.Now));
        return (s, PersistenceIds.Account(Alice));
    }

    [Fact]
    public void An_honest_change_of_keys_audits_clean()
    {
        var (s, _) = Keyed();

        Assert.DoesNotContain(AuditedJournal.Of(AuditedJournal.Edited(s, e => e)).Violations, v => v.Rule == "api-keys");
    }

    [Theory]
    [InlineData("added past the limit")]
    [InlineData("added twice")]
    [InlineData("not a hash")]
    [InlineData("every key revoked")]
    [InlineData("a key never held revoked")]
    [InlineData("opened again")]
    public void A_forged_change_of_keys_is_named(string forgery)
    {
        var (s, stream) = Keyed();
        var journal = AuditedJournal.Edited(s, e => e);
        ApiKeyAdded Added(string hash) => new(Alice, RequestId.New(), hash, s.Now);
        switch (forgery)
        {
            case "added past the limit":
                journal.AddRange(Enumerable.Range(0, Actors.Accounts.AccountState.MaxApiKeys).Select(i => (stream, (Messages.ILeverageEvent)Added(Hash($"forger-{i}")))));
                break;
            case "added twice":
                journal.Add((stream, Added(Hash("second"))));
                break;
            case "not a hash":
                journal.Add((stream, Added("forger")));
                break;
            case "every key revoked":
                journal.Add((stream, new ApiKeysRevoked(Alice, RequestId.New(), [Hash("second")], s.Now)));
                break;
            case "opened again":
                journal.Add((stream, new AccountOpened(Alice, RequestId.New(), s.Now, Hash("forger"))));
                break;
            case "a key never held revoked":
                journal.Add((stream, Added(Hash("third"))));
                journal.Add((stream, new ApiKeysRevoked(Alice, RequestId.New(), [Hash("never")], s.Now)));
                break;
        }

        Assert.Single(AuditedJournal.Of(journal).Violations, v => v.Rule == "api-keys");
    }
}
