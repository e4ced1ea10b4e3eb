using Akka.Actor;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Accounts;

/// <summary>The account entity through its shard region, on each journal database.</summary>
public abstract class AccountShardingSpecs(TestDatabases databases, ITestOutputHelper output) : NodeSpec(databases.Fresh(), output)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private AccountId OpenNew(string name)
    {
        var id = AccountId.From(name);
        Accounts.Tell(new OpenAccount(id, RequestId.New(), T0));
        ExpectMsg<AccountCommandAccepted>(a => a.AccountId == id);
        return id;
    }

    [Fact]
    public void Deposit_withdraw_and_balance_through_the_region()
    {
        var alice = OpenNew("alice");

        Accounts.Tell(new DepositFunds(alice, RequestId.From("d1"), 1_000m, T0));
        Assert.Equal(1_000m, ExpectMsg<AccountCommandAccepted>().FreeBalance);

        Accounts.Tell(new WithdrawFunds(alice, RequestId.From("w1"), 250.5m, T0));
        Assert.Equal(749.5m, ExpectMsg<AccountCommandAccepted>().FreeBalance);

        Accounts.Tell(new GetAccountBalance(alice));
        Assert.Equal(749.5m, ExpectMsg<AccountBalanceResponse>().FreeBalance);
    }

    [Fact]
    public void A_retried_deposit_is_answered_but_moves_money_once()
    {
        var bob = OpenNew("bob");
        var deposit = new DepositFunds(bob, RequestId.From("same"), 10m, T0);

        Accounts.Tell(deposit);
        var first = ExpectMsg<AccountCommandAccepted>();
        Accounts.Tell(deposit);
        var second = ExpectMsg<AccountCommandAccepted>();

        Assert.False(first.AlreadyApplied);
        Assert.True(second.AlreadyApplied);
        Accounts.Tell(new GetAccountBalance(bob));
        Assert.Equal(10m, ExpectMsg<AccountBalanceResponse>().FreeBalance);
    }

    [Fact]
    public void Rejections_carry_a_reason_and_change_nothing()
    {
        var carol = OpenNew("carol");
        Accounts.Tell(new DepositFunds(carol, RequestId.New(), 5m, T0));
        ExpectMsg<AccountCommandAccepted>();

        Accounts.Tell(new WithdrawFunds(carol, RequestId.New(), 6m, T0));
        Assert.Equal(RejectionCodes.InsufficientBalance, ExpectMsg<AccountCommandRejected>().Reason.Code);

        Accounts.Tell(new DepositFunds(carol, RequestId.New(), -1m, T0));
        Assert.Equal(RejectionCodes.InvalidAmount, ExpectMsg<AccountCommandRejected>().Reason.Code);

        Accounts.Tell(new GetAccountBalance(carol));
        Assert.Equal(5m, ExpectMsg<AccountBalanceResponse>().FreeBalance);
    }

    [Fact]
    public void An_unknown_account_is_rejected_by_name()
    {
        var ghost = AccountId.From("ghost");

        Accounts.Tell(new GetAccountBalance(ghost));
        var byQuery = ExpectMsg<AccountCommandRejected>();
        Accounts.Tell(new DepositFunds(ghost, RequestId.New(), 1m, T0));
        var byDeposit = ExpectMsg<AccountCommandRejected>();

        Assert.Equal(RejectionCodes.AccountNotFound, byQuery.Reason.Code);
        Assert.Equal(RejectionCodes.AccountNotFound, byDeposit.Reason.Code);
        Assert.Contains("ghost", byDeposit.Reason.Message);
    }
}

public sealed class AccountShardingOnSqlite(ITestOutputHelper output) : AccountShardingSpecs(TestDatabases.Sqlite, output);

[Collection(PostgresCollection.Name)]
public sealed class AccountShardingOnPostgres(PostgresFixture postgres, ITestOutputHelper output)
    : AccountShardingSpecs(postgres.Databases, output);
