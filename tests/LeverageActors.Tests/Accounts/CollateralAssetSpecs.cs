using LeverageActors.Actors.Assets;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Accounts;

/// <summary>
/// Collateral assets told to the pure states: each asset moves only by its own deposits and
/// withdrawals, a deposit waits for room under the asset's cap across all accounts, and after every
/// story each asset is conserved apart and its ledger agrees with the accounts.
/// </summary>
public class CollateralAssetSpecs
{
    private static readonly AssetId Eth = AssetId.From("ETH");
    private static readonly AssetId Btc = AssetId.From("BTC");

    /// <summary>The default markets with ETH capped at 10 ETH across all accounts.</summary>
    private static MarketCatalog CappedAt10() =>
        new(MarketCatalog.Default.Markets, collateral: CollateralAssets.For(MarketCatalog.Default.Markets.Keys,
            new Dictionary<AssetId, CollateralParameters> { [Eth] = new(0.80m, 0.90m, 10m) }));

    private static AccountBalanceResponse Balance(ExchangeStory s, AccountId account) =>
        (AccountBalanceResponse)s.X.Send(new GetAccountBalance(account))!;

    private static AssetBalance Held(ExchangeStory s, AccountId account, AssetId asset) =>
        Balance(s, account).Assets!.Single(a => a.Asset == asset);

    private static AssetLedgerView Ledger(ExchangeStory s, AssetId asset) => (AssetLedgerView)s.X.Send(new GetAssetLedger(asset))!;

    private static Rejection Refusal(object? reply) => Assert.IsType<AccountCommandRejected>(reply).Reason;

    [Fact]
    public void The_default_assets_are_the_base_assets_of_the_usd_markets_with_drifts_weights()
    {
        var assets = MarketCatalog.Default.Collateral;

        Assert.Equal(["USD", "BTC", "ETH", "SOL"], assets.Names.Select(a => a.Value));
        Assert.Equal(new CollateralParameters(0.80m, 0.90m, 5_000m), assets.Find(Btc)!.Parameters);
        Assert.Equal(new CollateralParameters(0.80m, 0.90m, 100_000m), assets.Find(Eth)!.Parameters);
        Assert.Equal((0.75m, 0.85m), (assets.Find(AssetId.From("SOL"))!.Parameters.InitialWeight, assets.Find(AssetId.From("SOL"))!.Parameters.MaintenanceWeight));
        Assert.Equal(MarketId.From("ETH-USD"), assets.Find(Eth)!.Market);
        Assert.Null(assets.Find(AssetId.Usd));
        Assert.Null(CollateralAssets.BaseOf(MarketId.From("ETH-BTC")));
    }

    [Fact]
    public void A_deposit_and_a_withdrawal_of_an_asset_move_that_asset_only()
    {
        var s = new ExchangeStory();
        var alice = s.Funded("alice", 1_000m);

        Assert.IsType<AccountCommandAccepted>(s.DepositsAsset(alice, "ETH", 2.5m));
        Assert.IsType<AccountCommandAccepted>(s.DepositsAsset(alice, "BTC", 0.1m));
        Assert.IsType<AccountCommandAccepted>(s.WithdrawsAsset(alice, "ETH", 0.75m));

        var balance = Balance(s, alice);
        Assert.Equal(1_000m, balance.FreeBalance);
        Assert.Equal(1_000m, balance.TotalDeposited);
        Assert.Equal([new AssetBalance(Btc, 0.1m, 0.1m, 0m), new AssetBalance(Eth, 1.75m, 2.5m, 0.75m)], balance.Assets!);
        Assert.Equal(0, balance.PendingSteps);
        Assert.Equal(1.75m, Ledger(s, Eth).Deposited);
        Assert.Equal(0.1m, Ledger(s, Btc).Deposited);
        Assert.Empty(s.X.CheckInvariants(s.Now));
    }

    [Fact]
    public void An_asset_move_answers_with_that_assets_balance_after_it_and_so_does_its_retry()
    {
        var s = new ExchangeStory();
        var alice = s.Funded("alice", 1_000m);
        var deposit = new DepositAsset(alice, RequestId.New(), Eth, 2.5m, s.Now);

        Assert.Equal(new AssetBalanceNow(Eth, 2.5m), Assert.IsType<AccountCommandAccepted>(s.X.Send(deposit)).Asset);
        var withdrawn = Assert.IsType<AccountCommandAccepted>(s.WithdrawsAsset(alice, "ETH", 0.75m));
        var retried = Assert.IsType<AccountCommandAccepted>(s.X.Send(deposit));

        Assert.Equal((1_000m, new AssetBalanceNow(Eth, 1.75m)), (withdrawn.FreeBalance, withdrawn.Asset));
        Assert.True(retried.AlreadyApplied);
        Assert.Equal(new AssetBalanceNow(Eth, 1.75m), retried.Asset);
        Assert.Null(Assert.IsType<AccountCommandAccepted>(s.X.Send(new DepositFunds(alice, RequestId.New(), 1m, s.Now))).Asset);
    }

    [Fact]
    public void An_account_that_never_held_an_asset_shows_no_asset_list()
    {
        var s = new ExchangeStory();
        var alice = s.Funded("alice", 10m);

        Assert.Null(Balance(s, alice).Assets);
    }

    [Fact]
    public void Withdrawing_more_of_an_asset_than_the_account_holds_is_refused_whatever_its_usd()
    {
        var s = new ExchangeStory();
        var alice = s.Funded("alice", 1_000_000m);
        s.DepositsAsset(alice, "ETH", 1m);

        var refused = Refusal(s.WithdrawsAsset(alice, "ETH", 1.000001m));
        var never = Refusal(s.WithdrawsAsset(alice, "BTC", 0.5m));

        Assert.Equal(RejectionCodes.InsufficientAssetBalance, refused.Code);
        Assert.Contains("the balance is 1", refused.Message);
        Assert.Equal(RejectionCodes.InsufficientAssetBalance, never.Code);
        Assert.Equal(1m, Held(s, alice, Eth).Balance);
        Assert.Empty(s.X.CheckInvariants(s.Now));
    }

    [Theory]
    [InlineData("DOGE")]
    [InlineData("USD")]
    [InlineData("eth")]
    public void An_asset_that_is_not_collateral_here_is_refused(string asset)
    {
        var s = new ExchangeStory();
        var alice = s.Funded("alice", 10m);

        Assert.Equal(RejectionCodes.UnknownAsset, Refusal(s.DepositsAsset(alice, asset, 1m)).Code);
        Assert.Equal(RejectionCodes.UnknownAsset, Refusal(s.WithdrawsAsset(alice, asset, 1m)).Code);
        Assert.Equal(10m, Balance(s, alice).FreeBalance);
    }

    [Fact]
    public void Invalid_amounts_and_closed_accounts_are_refused_before_the_ledger_is_asked()
    {
        var s = new ExchangeStory();
        var alice = s.Funded("alice", 10m);

        Assert.Equal(RejectionCodes.InvalidAmount, Refusal(s.DepositsAsset(alice, "ETH", 0.0000001m)).Code);
        Assert.Equal(RejectionCodes.InvalidAmount, Refusal(s.DepositsAsset(alice, "ETH", -1m)).Code);
        Assert.Equal(RejectionCodes.AccountNotFound, Refusal(s.DepositsAsset(AccountId.From("nobody"), "ETH", 1m)).Code);
        Assert.Equal(0m, Ledger(s, Eth).Deposited);
    }

    [Fact]
    public void The_cap_holds_across_accounts_and_a_withdrawal_makes_room_again()
    {
        var s = new ExchangeStory(CappedAt10());
        var alice = s.Funded("alice", 1m);
        var bob = s.Funded("bob", 1m);

        Assert.IsType<AccountCommandAccepted>(s.DepositsAsset(alice, "ETH", 6m));
        var refused = Refusal(s.DepositsAsset(bob, "ETH", 4.000001m));
        Assert.IsType<AccountCommandAccepted>(s.DepositsAsset(bob, "ETH", 4m));
        Assert.Equal(RejectionCodes.DepositCapReached, Refusal(s.DepositsAsset(alice, "ETH", 0.000001m)).Code);
        s.WithdrawsAsset(alice, "ETH", 1m);
        Assert.IsType<AccountCommandAccepted>(s.DepositsAsset(bob, "ETH", 1m));

        Assert.Equal(RejectionCodes.DepositCapReached, refused.Code);
        Assert.Contains("cap of 10", refused.Message);
        Assert.Equal((5m, 5m), (Held(s, alice, Eth).Balance, Held(s, bob, Eth).Balance));
        Assert.Equal(new AssetLedgerView(Eth, 10m, 10m), Ledger(s, Eth));
        Assert.Equal(0, Balance(s, bob).PendingSteps);
        Assert.Empty(s.X.CheckInvariants(s.Now));
    }

    [Fact]
    public void A_retried_deposit_is_credited_once_and_a_refused_one_keeps_its_refusal()
    {
        var s = new ExchangeStory(CappedAt10());
        var alice = s.Funded("alice", 1m);
        var credited = new DepositAsset(alice, RequestId.From("d1"), Eth, 3m, s.Now);
        var tooMuch = new DepositAsset(alice, RequestId.From("d2"), Eth, 8m, s.Now);

        Assert.False(Assert.IsType<AccountCommandAccepted>(s.X.Send(credited)).AlreadyApplied);
        Assert.True(Assert.IsType<AccountCommandAccepted>(s.X.Send(credited)).AlreadyApplied);
        Assert.Equal(RejectionCodes.DepositCapReached, Refusal(s.X.Send(tooMuch)).Code);
        s.WithdrawsAsset(alice, "ETH", 3m);
        Assert.Equal(RejectionCodes.DepositCapReached, Refusal(s.X.Send(tooMuch)).Code);

        Assert.Equal(new AssetBalance(Eth, 0m, 3m, 3m), Held(s, alice, Eth));
        Assert.Equal(0m, Ledger(s, Eth).Deposited);
        Assert.Empty(s.X.CheckInvariants(s.Now));
    }

    [Fact]
    public void A_request_id_used_for_a_usd_deposit_cannot_be_reused_for_an_asset()
    {
        var s = new ExchangeStory();
        var alice = s.Funded("alice", 1m);
        s.X.Send(new DepositFunds(alice, RequestId.From("same"), 5m, s.Now));

        var reused = Refusal(s.X.Send(new DepositAsset(alice, RequestId.From("same"), Eth, 5m, s.Now)));

        Assert.Equal(RejectionCodes.IdempotencyKeyReused, reused.Code);
        Assert.Null(Balance(s, alice).Assets);
    }

    [Fact]
    public void A_deposit_cut_off_before_the_ledger_answered_finishes_after_a_restart_and_counts_once()
    {
        var s = new ExchangeStory(CappedAt10());
        var alice = s.Funded("alice", 1m);

        // The ledger admits, then the node stops before the account hears of it.
        s.X.Send(new DepositAsset(alice, RequestId.From("d1"), Eth, 4m, s.Now), maxDeliveries: 2);
        s.X.Restart();
        Assert.Equal(1, Balance(s, alice).PendingSteps);
        s.X.RetryOutboxes();

        Assert.Equal(4m, Held(s, alice, Eth).Balance);
        Assert.Equal(4m, Ledger(s, Eth).Deposited);
        Assert.Empty(s.X.CheckInvariants(s.Now));
    }

    [Fact]
    public void A_withdrawal_pays_out_at_once_and_frees_the_cap_once_the_ledger_hears_of_it()
    {
        var s = new ExchangeStory(CappedAt10());
        var alice = s.Funded("alice", 1m);
        s.DepositsAsset(alice, "ETH", 10m);

        var paid = s.X.Send(new WithdrawAsset(alice, RequestId.From("w1"), Eth, 4m, s.Now), maxDeliveries: 1);
        Assert.IsType<AccountCommandAccepted>(paid);
        Assert.Equal(6m, Held(s, alice, Eth).Balance);
        Assert.Equal(10m, Ledger(s, Eth).Deposited);
        Assert.Contains("ledger", Assert.Single(s.X.CheckInvariants(s.Now)));
        s.X.RetryOutboxes();

        Assert.Equal(6m, Ledger(s, Eth).Deposited);
        Assert.Equal(0, Balance(s, alice).PendingSteps);
        Assert.Empty(s.X.CheckInvariants(s.Now));
    }
}
