using Akka.Actor;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Accounts;

/// <summary>What a node persisted is what the next node on the same database reads back.</summary>
public abstract class AccountRecoverySpecs(TestDatabases databases)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_balance_survives_a_restart_of_the_actor_system()
    {
        using var database = databases.Durable();
        var dave = AccountId.From("dave");

        await using (var first = await TestNode.StartAsync(database))
        {
            await first.Accounts.Ask<AccountCommandAccepted>(new OpenAccount(dave, RequestId.From("o"), T0), Timeout);
            await first.Accounts.Ask<AccountCommandAccepted>(new DepositFunds(dave, RequestId.From("d1"), 123.456789m, T0), Timeout);
            await first.Accounts.Ask<AccountCommandAccepted>(new WithdrawFunds(dave, RequestId.From("w1"), 23.456789m, T0), Timeout);
        }

        await using var second = await TestNode.StartAsync(database);
        var balance = await second.Accounts.Ask<AccountBalanceResponse>(new GetAccountBalance(dave), Timeout);
        var retry = await second.Accounts.Ask<AccountCommandAccepted>(new DepositFunds(dave, RequestId.From("d1"), 123.456789m, T0), Timeout);

        Assert.Equal(100m, balance.FreeBalance);
        Assert.True(retry.AlreadyApplied, "a request applied before the restart is recognised after it");
        Assert.Equal(100m, retry.FreeBalance);
    }
}

public sealed class AccountRecoveryOnSqlite() : AccountRecoverySpecs(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class AccountRecoveryOnPostgres(PostgresFixture postgres) : AccountRecoverySpecs(postgres.Databases);
