using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Pools;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// A review (read-only, of 965f117): the pool-share cap on open interest and the utilization cap were
/// checked on opens only. An LP and trader in one deposited 300,000 beside a victim's 100,000, opened a
/// 2x long of 180,000 (under half the pool's 400,000), and withdrew every share: the long stayed backed
/// by the victim's 100,000 alone, over three times the cap, its profit reserved against them, and the
/// victim could not leave (the liquidity left was reserved). A withdrawal is now held to the caps,
/// with some headroom past an open's so LPs can leave a pool whose sides are at them.
/// </summary>
public class LpWithdrawalCapSpecs
{
    private static (ExchangeStory S, AccountId Attacker, AccountId Victim, PositionId Long) Capped()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        var victim = s.Funded("victim", 100_000m);
        var attacker = s.Funded("attacker", 400_000m);
        s.Provide(victim, 100_000m);
        s.Provide(attacker, 300_000m);
        var p = s.Opens(attacker, PositionSide.Long, 90_000m, 2m);
        return (s, attacker, victim, p);
    }

    [Fact]
    public void Withdrawing_the_liquidity_the_open_was_capped_against_is_refused()
    {
        var (s, attacker, _, p) = Capped();
        var shares = s.Pool().Shares[attacker];

        var refused = Assert.IsType<AccountCommandRejected>(s.Redeem(attacker, shares));

        Assert.Equal(RejectionCodes.PoolOpenInterestCap, refused.Reason.Code);
        Assert.Equal(shares, s.Pool().Shares[attacker]);
        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
        Assert.Equal(PositionStatus.Open, s.Position(p).Status);
    }

    [Fact]
    public void A_withdrawal_the_caps_leave_room_for_passes_and_the_last_shares_leave_once_the_position_closes()
    {
        var (s, attacker, victim, p) = Capped();

        // 400,000 less 30,000 leaves a pool worth 370,000, whose half still covers the 180,000 long.
        // Opens stop at the cap; a withdrawal has headroom past it (0.75 of the pool), no more.
        Assert.IsType<AccountCommandRejected>(s.Redeem(attacker, 170_000m));
        Assert.IsType<LiquidityRequestCompleted>(s.Redeem(attacker, 30_000m));
        s.X.Send(new ClosePosition(p, attacker, RequestId.New(), s.Price(), s.Now));
        Assert.IsType<LiquidityRequestCompleted>(s.Redeem(attacker, s.Pool().Shares[attacker]));
        Assert.IsType<LiquidityRequestCompleted>(s.Redeem(victim, s.Pool().Shares[victim]));

        Assert.All(s.X.Journal.Select(e => e.Event).OfType<LiquidityRemoved>(), e => Assert.True(e.WithinCaps));
        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    /// <summary>
    /// In a pool whose withdrawals are marked, an unmarked one (an older node's in a rolling upgrade)
    /// passes while the caps would have let it through, and is named when they would have refused it.
    /// </summary>
    [Fact]
    public void An_unmarked_withdrawal_after_the_pool_s_were_marked_is_named_only_when_the_caps_refuse_it()
    {
        var (s, attacker, victim, _) = Capped();
        s.Redeem(attacker, 30_000m);
        s.Redeem(victim, 10_000m);
        var last = s.X.Journal.Select(e => e.Event).OfType<LiquidityRemoved>().Last();
        var within = s.X.Journal
            .Select(e => (e.PersistenceId, e.Event == (ILeverageEvent)last ? last with { WithinCaps = false } : e.Event)).ToList();
        Assert.Empty(AuditedJournal.Of(within).Violations);

        // Every share of the attacker, paid as a node without the caps would pay it.
        var pool = s.Pool();
        var all = new RemoveLiquidity(pool.Market, attacker, RequestId.New(), pool.Shares[attacker], s.Price(), s.Now);
        var unmarked = Assert.IsType<LiquidityRemoved>(LiquidityRequests.Remove(pool.AccruedTo(s.Now), all, caps: false).Events.Single());
        var journal = s.X.Journal.Select(e => (e.PersistenceId, e.Event)).Append(($"pool-{pool.Market}", (ILeverageEvent)unmarked)).ToList();

        var violation = Assert.Single(AuditedJournal.Of(journal).Violations, v => v.Rule == "lp-shares");
        Assert.Equal("one the caps refuse, decided without them", violation.Found);
    }
}
