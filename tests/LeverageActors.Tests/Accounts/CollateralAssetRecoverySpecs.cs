using Akka.Actor;
using Akka.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Accounts;

/// <summary>Asset balances and the ledgers' totals a node persisted are what the next node on the same database reads back.</summary>
public sealed class CollateralAssetRecoverySpecs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AssetId Eth = AssetId.From("ETH");
    private static readonly AssetId Btc = AssetId.From("BTC");

    private static IActorRef Ledgers(TestNode node) => ActorRegistry.For(node.System).Get<AssetRegion>();

    [Fact]
    public async Task Asset_balances_and_ledgers_survive_a_restart_of_the_actor_system()
    {
        using var database = TestDatabases.Sqlite.Durable();
        var erin = AccountId.From("erin");

        await using (var first = await TestNode.StartAsync(database))
        {
            await first.Accounts.Ask<AccountCommandAccepted>(new OpenAccount(erin, RequestId.From("o"), T0), Timeout);
            await first.Accounts.Ask<AccountCommandAccepted>(new DepositFunds(erin, RequestId.From("usd"), 50m, T0), Timeout);
            await first.Accounts.Ask<AccountCommandAccepted>(new DepositAsset(erin, RequestId.From("d1"), Eth, 2.123456m, T0), Timeout);
            await first.Accounts.Ask<AccountCommandAccepted>(new DepositAsset(erin, RequestId.From("d2"), Btc, 0.5m, T0), Timeout);
            await first.Accounts.Ask<AccountCommandAccepted>(new WithdrawAsset(erin, RequestId.From("w1"), Eth, 0.123456m, T0), Timeout);
            await Eventually.Holds("the withdrawal to reach the ETH ledger", async () =>
                (await first.Accounts.Ask<AccountBalanceResponse>(new GetAccountBalance(erin), Timeout)).PendingSteps == 0);
        }

        await using var second = await TestNode.StartAsync(database);
        var balance = await second.Accounts.Ask<AccountBalanceResponse>(new GetAccountBalance(erin), Timeout);
        var retry = await second.Accounts.Ask<AccountCommandAccepted>(new DepositAsset(erin, RequestId.From("d1"), Eth, 2.123456m, T0), Timeout);
        var eth = await Ledgers(second).Ask<AssetLedgerView>(new GetAssetLedger(Eth), Timeout);
        var btc = await Ledgers(second).Ask<AssetLedgerView>(new GetAssetLedger(Btc), Timeout);

        Assert.Equal(50m, balance.FreeBalance);
        Assert.Equal([new AssetBalance(Btc, 0.5m, 0.5m, 0m), new AssetBalance(Eth, 2m, 2.123456m, 0.123456m)], balance.Assets!);
        Assert.True(retry.AlreadyApplied, "a deposit credited before the restart is recognised after it");
        Assert.Equal((2m, 0.5m), (eth.Deposited, btc.Deposited));
    }
}
