using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// Finding 4 of the money-safety review (reproduced on a node): deposit 0.000001 into an empty pool,
/// open and close 1,000,000 at leverage 1.0000000000001 (reserving nothing) so that its fees lift the
/// share price to 900,000,001, and a victim's 3,500 buys 3e-6 shares worth 3,300. The first deposit
/// is now at least the market's minimum and locks one share for good (Uniswap v2's
/// MINIMUM_LIQUIDITY), leverage has two places, and a mint that rounds a deposit down is refused.
/// </summary>
public class FirstDepositorInflationSpecs
{
    [Fact]
    public void The_attack_as_reproduced_is_refused_at_its_first_two_steps()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        var attacker = s.Funded("attacker", 2_000_000m);

        var dust = Assert.IsType<AccountCommandRejected>(s.Provide(attacker, 0.000001m));
        Assert.Equal(RejectionCodes.DepositBelowMinimum, dust.Reason.Code);
        s.Provide(s.Funded("lp", 1_000m), 1_000m);
        var free = Assert.IsType<PositionCommandRejected>(s.TriesToOpen(attacker, PositionSide.Long, 1_000_000m, 1.0000000000001m));
        Assert.Equal(RejectionCodes.InvalidLeverage, free.Reason.Code);
        Assert.Equal(2_000_000m, s.X.Accounts.Single(a => a.Id == attacker).FreeBalance);
    }

    [Fact]
    public void The_best_the_attacker_can_still_do_leaves_the_victim_with_all_but_the_lp_fee()
    {
        // The pool-share cap on open interest alone now refuses these opens on so thin a pool; lifted, the
        // share-price rules below must hold on their own.
        var s = new ExchangeStory(TestMarkets.WithoutPoolOpenInterestShare);
        s.PriceIs(2_000m);
        var attacker = s.Funded("attacker", 2_000_000m);
        var victim = s.Funded("victim", 3_500m);

        // The smallest first deposit, then every share redeemed but a dust of one millionth.
        s.Provide(attacker, 1_000m);
        var held = s.Pool().Shares[attacker];
        Assert.Equal(998.5m, held); // 1,000 less the 0.5 LP fee, less the locked share
        Assert.IsType<LiquidityRequestCompleted>(s.Redeem(attacker, held - 0.000001m));
        Assert.Equal(1.000001m, s.Pool().TotalShares);

        // Fees donated to the pool by round trips at the lowest leverage, as large as the pool can back.
        for (var trip = 0; trip < 5; trip++)
        {
            var pool = s.Pool();
            var collateral = decimal.Floor((pool.Assets - pool.Reserved) * 0.89m / 0.01m);
            var p = s.Opens(attacker, PositionSide.Long, collateral, 1.01m);
            s.X.Send(new ClosePosition(p, attacker, RequestId.New(), s.Price(), s.Now));
        }

        var bought = Assert.IsType<LiquidityRequestCompleted>(s.Provide(victim, 3_500m));

        var after = s.PoolView();
        var worth = bought.Shares * after.PoolValue / after.TotalShares;
        var net = 3_500m - Money.Charge(3_500m * 0.0005m);
        Assert.True(worth >= net * 0.9999m, $"the victim's 3,500 (3,498.25 after the LP fee) buys shares worth {worth}");
        Assert.True(s.X.Accounts.Single(a => a.Id == attacker).FreeBalance < 2_000_000m, "the attack costs the attacker money");
        s.BooksBalance();
    }

    [Fact]
    public void A_deposit_the_share_price_would_round_down_to_a_loss_is_refused()
    {
        // The pool-share cap on open interest alone now refuses these opens on so thin a pool; lifted, the
        // share-price rules below must hold on their own.
        var s = new ExchangeStory(TestMarkets.WithoutPoolOpenInterestShare);
        s.PriceIs(2_000m);
        var lp = s.Funded("lp", 1_000m);
        s.Provide(lp, 1_000m);
        s.Redeem(lp, s.Pool().Shares[lp] - 0.000001m);
        // A trader loses 9 of 90.9 at 1.01x to the pool: about 10 of value for 1.000001 shares.
        var trader = s.Funded("trader", 1_000m);
        var p = s.Opens(trader, PositionSide.Long, 90m, 1.01m);
        s.PriceIs(1_800m);
        s.X.Send(new ClosePosition(p, trader, RequestId.New(), s.Price(), s.Now));
        Assert.True(s.PoolView().SharePrice > 5m);

        // 0.000016 pays a fee of 0.000001; 0.000015 at a share price above 5 buys under 0.000003 of a
        // share, rounded down to 0.000002 or 0.000001: worth at most 0.000012, a loss of at least three
        // units where one is the bound. Refused.
        var dust = Assert.IsType<AccountCommandRejected>(s.Provide(s.Funded("victim", 1m), 0.000016m));

        Assert.Equal(RejectionCodes.DepositRoundsToLoss, dust.Reason.Code);
        Assert.Equal(1m, s.X.Accounts.Single(a => a.Id == AccountId.From("victim")).FreeBalance);
        s.BooksBalance();
    }
}
