using Akka.Actor;
using Akka.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Invariants;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Accounts;

/// <summary>Collateral assets on a node: accounts and the asset ledgers through their shard regions.</summary>
public sealed class CollateralAssetNodeSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AssetId Eth = AssetId.From("ETH");
    private static readonly AssetId Sol = AssetId.From("SOL");

    private IActorRef Ledgers => ActorRegistry.For(Sys).Get<AssetRegion>();

    private AccountId Opened(string name)
    {
        var id = AccountId.From(name);
        Accounts.Tell(new OpenAccount(id, RequestId.New(), T0));
        ExpectMsg<AccountCommandAccepted>(a => a.AccountId == id);
        Accounts.Tell(new DepositFunds(id, RequestId.New(), 1_000m, T0));
        ExpectMsg<AccountCommandAccepted>();
        return id;
    }

    private Rejection Refused(object command)
    {
        Accounts.Tell(command);
        return ExpectMsg<AccountCommandRejected>().Reason;
    }

    private AccountBalanceResponse Balance(AccountId id)
    {
        Accounts.Tell(new GetAccountBalance(id));
        return ExpectMsg<AccountBalanceResponse>();
    }

    /// <summary>Each asset's ledger equal to its accounts, once the account has nothing in flight.</summary>
    private void LedgersAgree(AccountBalanceResponse balance, params AssetId[] assets)
    {
        var ledgers = assets.Select(a =>
        {
            Ledgers.Tell(new GetAssetLedger(a));
            return ExpectMsg<AssetLedgerView>();
        }).ToList();
        Assert.Empty(InvariantChecker.Check([balance], [], []));
        Assert.Empty(AssetLedgersAgree.Check([balance], ledgers));
    }

    [Fact]
    public void An_asset_deposit_and_withdrawal_move_that_asset_only_through_the_regions()
    {
        var alice = Opened("alice");

        Accounts.Tell(new DepositAsset(alice, RequestId.From("d1"), Eth, 3.5m, T0));
        Assert.Equal(1_000m, ExpectMsg<AccountCommandAccepted>().FreeBalance);
        Accounts.Tell(new WithdrawAsset(alice, RequestId.From("w1"), Eth, 1.25m, T0));
        ExpectMsg<AccountCommandAccepted>();
        Accounts.Tell(new DepositAsset(alice, RequestId.From("d1"), Eth, 3.5m, T0));
        ExpectMsg<AccountCommandAccepted>();

        AccountBalanceResponse? balance = null;
        AwaitAssert(() => Assert.Equal(0, (balance = Balance(alice)).PendingSteps));
        Assert.Equal(1_000m, balance!.FreeBalance);
        Assert.Equal([new AssetBalance(Eth, 2.25m, 3.5m, 1.25m)], balance.Assets!);
        LedgersAgree(balance, Eth);
    }

    [Fact]
    public void Unknown_assets_short_balances_and_the_cap_are_refused()
    {
        var bob = Opened("bob");
        var carol = Opened("carol");

        Assert.Equal(RejectionCodes.UnknownAsset, Refused(new DepositAsset(bob, RequestId.New(), AssetId.From("DOGE"), 1m, T0)).Code);
        Assert.Equal(RejectionCodes.InsufficientAssetBalance, Refused(new WithdrawAsset(bob, RequestId.New(), Sol, 1m, T0)).Code);

        // SOL's default cap is 2,000,000 across all accounts.
        Accounts.Tell(new DepositAsset(bob, RequestId.New(), Sol, 1_500_000m, T0));
        ExpectMsg<AccountCommandAccepted>();
        Assert.Equal(RejectionCodes.DepositCapReached, Refused(new DepositAsset(carol, RequestId.New(), Sol, 500_000.000001m, T0)).Code);
        Accounts.Tell(new DepositAsset(carol, RequestId.New(), Sol, 500_000m, T0));
        ExpectMsg<AccountCommandAccepted>();

        Ledgers.Tell(new GetAssetLedger(Sol));
        Assert.Equal(new AssetLedgerView(Sol, 2_000_000m, 2_000_000m), ExpectMsg<AssetLedgerView>());
        Assert.Equal(500_000m, Balance(carol).Assets!.Single().Balance);
    }
}
