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
}
