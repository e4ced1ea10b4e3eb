using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// LP review of this session (CONFIRMED): a cross position holds no collateral of its own, so the
/// pool's value bounded a losing one by nothing and left its loss out, though its close draws the
/// loss from its account. A deposit made while it lost bought shares below their worth and, once
/// the position closed, redeemed the LPs' part of the loss: 1,000,000 in beside a cross long 10 %
/// down on 400,000 came out about 19,000 richer. The loss now counts in full.
/// </summary>
public class LpCrossLossSpecs
{
    [Fact]
    public void A_deposit_beside_a_losing_cross_position_takes_none_of_its_loss_from_the_lps()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 100_000m);
        var cross = s.OpensCrossLong(trader, ExchangeStory.Eth, 40_000m, 10m);
        s.PriceIs(1_800m);
        var mallory = s.Funded("mallory", 1_000_000m);

        var bought = Assert.IsType<LiquidityRequestCompleted>(s.Provide(mallory, 1_000_000m));
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new ClosePosition(cross, trader, RequestId.New(), s.Price(), s.Now)));
        Assert.IsType<LiquidityRequestCompleted>(s.Redeem(mallory, bought.Shares));

        var back = s.X.Accounts.Single(a => a.Id == mallory).FreeBalance;
        Assert.True(back < 1_000_000m, $"the deposit of 1,000,000 came back as {back}");
        Assert.Contains(s.X.Journal, r => r.Event is LiquidityAdded { CrossLossesCounted: true });
        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    /// <summary>
    /// Review of 3c3f9e8 (CONFIRMED): counted in full for a withdrawal too, an LP could leave at a value
    /// holding a loss its account could not pay (a gap past its equity), the unpaid part left to the LPs
    /// who stay. A withdrawal keeps the bound: a fifth of the shares of a pool of 1,000,000 beside a
    /// cross long 40,000 down pays a fifth of 1,000,000 and its fees, not of 1,040,000.
    /// </summary>
    [Fact]
    public void A_withdrawal_beside_a_losing_cross_position_is_priced_without_its_loss()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        var lp = s.Funded("lp", 1_000_000m);
        s.Provide(lp, 1_000_000m);
        s.OpensCrossLong(s.Funded("trader", 100_000m), ExchangeStory.Eth, 40_000m, 10m);
        s.PriceIs(1_800m);

        Assert.IsType<LiquidityRequestCompleted>(s.Redeem(lp, decimal.Round(s.Pool().Shares[lp] / 5, 6)));

        var paid = s.X.Journal.Select(r => r.Event).OfType<LiquidityRemoved>().Single().Amount;
        Assert.InRange(paid, 199_500m, 200_500m);
        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    /// <summary>
    /// Review of 3c3f9e8 (CONFIRMED): the audit decided each deposit by its own mark, so a deposit left
    /// unmarked after the pool's marked ones (an older node, or a forger) was held to the rule before and
    /// passed, however much of the LPs' loss it bought.
    /// </summary>
    [Fact]
    public void An_unmarked_deposit_beside_a_cross_position_after_marked_ones_is_named_by_the_audit()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        s.OpensCrossLong(s.Funded("trader", 100_000m), ExchangeStory.Eth, 40_000m, 10m);
        s.PriceIs(1_800m);
        s.Provide(s.Funded("first", 100_000m), 100_000m);
        s.Provide(s.Funded("mallory", 1_000_000m), 1_000_000m);
        Assert.True(s.X.Journal.Select(e => e.Event).OfType<LiquidityAdded>().Last().CrossLossesCounted);

        var journal = AuditedJournal.LastDepositDecidedBy(s, (pool, deposit) => Actors.Pools.LiquidityRequests.Add(pool, deposit, crossLosses: false));

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "lp-shares" && v.Expected.Contains("cross positions' losses"));
    }
}
