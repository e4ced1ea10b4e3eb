using LeverageActors.Actors.Accounts;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// An owner's close of a cross position draws its cover (loss, fee and the borrowed amount as the
/// bound on interest) from USD before the pool settles and pays back the rest. Between the two the
/// drawn USD is still the account's: a check in that window must value the account as it stands,
/// not liquidate a healthy account for a debt that is only money in flight.
/// </summary>
public sealed class CrossCloseInFlightSpecs
{

    /// <summary>A healthy cross account whose 5x long's close is cut after <paramref name="deliveries"/> messages.</summary>
    private static (ExchangeStory Story, AccountId Trader, AccountId Keeper, PositionId Position) CloseCutAfter(int deliveries)
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        s.PriceIs(2_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 1_000m);
        var keeper = s.Funded("keeper", 10_000m);
        var id = s.OpensCrossLong(trader, ExchangeStory.Eth, 1_000m, 5m);
        s.X.Send(new ClosePosition(id, trader, RequestId.New(), s.Price(), s.Now), maxDeliveries: deliveries);
        return (s, trader, keeper, id);
    }

    [Fact]
    public void A_check_while_an_owners_close_has_drawn_but_not_settled_finds_the_account_healthy_and_starts_nothing()
    {
        // The first cut at which the account has paid the draw and still holds the position.
        var cut = Enumerable.Range(1, 40).First(n =>
        {
            var (s, trader, _, id) = CloseCutAfter(n);
            var account = s.X.Accounts.Single(a => a.Id == trader);
            return account.FreeBalance < 0 && account.CrossPositions.ContainsKey(id);
        });
        var (story, owner, keeper, position) = CloseCutAfter(cut);
        // 1,000 − the 2.5 opening fee − the draw: the 2.5 closing fee and the 4,000 borrowed.
        Assert.Equal(-3_005m, story.X.Accounts.Single(a => a.Id == owner).FreeBalance);

        // Valued as it stands: 997.5 of USD once the pool pays back, less the 2.5 closing fee, against 1% of 5,000.
        var checkedNow = Assert.IsType<CrossAccountChecked>(story.X.Send(new CheckCrossAccount(owner, story.Marks(), keeper, story.Now)));
        Assert.Equal(new CrossAccountChecked(owner, false, 995m, 50m), checkedNow);
        Assert.DoesNotContain(story.X.Journal, e => e.Event is AccountLiquidationStarted);

        story.X.RetryOutboxes();
        Assert.Equal(PositionStatus.Closed, story.Position(position).Status);
        Assert.Equal(995m, story.X.Accounts.Single(a => a.Id == owner).FreeBalance);
        story.BooksBalance();
        Assert.Empty(AuditedJournal.Of(story.X.Journal).Violations);
    }

    /// <summary>
    /// A read-only review (persistence and recovery, SUSPECTED): the account ends a position's draws in
    /// flight when it applies a cross settlement, so a decrease started while the one before's
    /// settlement was still on its way to the account (its first send lost) had its draw ended by that
    /// settlement, applied after it, and the account valued itself short of the draw until the pool paid
    /// back. The next settlement now waits for the account to acknowledge the one before.
    /// </summary>
    [Fact]
    public void A_decrease_waits_while_the_one_befores_settlement_is_on_its_way_to_the_account()
    {
        (ExchangeStory S, AccountId Trader, PositionId P) DecreaseCutAfter(int deliveries)
        {
            var s = new ExchangeStory();
            var lp = s.Funded("lp", 1_000_000m);
            s.PriceIs(2_000m);
            s.Provide(lp, 1_000_000m);
            var trader = s.Funded("trader", 1_000m);
            var id = s.OpensCrossLong(trader, ExchangeStory.Eth, 1_000m, 5m);
            s.X.Send(new DecreasePosition(id, trader, RequestId.New(), 0.5m, s.Price(), s.Now), maxDeliveries: deliveries);
            return (s, trader, id);
        }

        // The first cut at which the pool has settled the half and the account has not heard of it.
        var cut = Enumerable.Range(1, 40).First(n =>
        {
            var (s, _, id) = DecreaseCutAfter(n);
            return s.Position(id).Quantity < 2.5m && s.X.Positions.Single(p => p.Id == id).Outbox.OfType<SettleCrossPosition>().Any();
        });
        var (story, trader, position) = DecreaseCutAfter(cut);
        // The audit judges rows of journals from before by the rule before (an ADL beside it was allowed).
        Assert.Contains(story.Position(position).Operations, o => o.MovesCollateral);
        Assert.Empty(Actors.Audit.BusyPosition.MovingCollateral(story.Position(position)));

        var second = story.X.Send(new DecreasePosition(position, trader, RequestId.New(), 0.5m, story.Price(), story.Now));

        Assert.Equal(RejectionCodes.RequestInProgress, Assert.IsType<PositionCommandRejected>(second).Reason.Code);
        story.X.RetryOutboxes();
        Assert.Empty(story.X.Accounts.Single(a => a.Id == trader).PendingDraws);
        Assert.IsType<PositionCommandAccepted>(story.X.Send(new DecreasePosition(position, trader, RequestId.New(), 0.5m, story.Price(), story.Now)));
        Assert.Empty(story.X.Accounts.Single(a => a.Id == trader).PendingDraws);
        story.BooksBalance();
        Assert.Empty(AuditedJournal.Of(story.X.Journal).Violations);
    }

    [Fact]
    public void An_account_under_liquidation_is_watched_and_checked_at_once_whatever_its_surplus_so_a_restarted_watcher_resumes_it()
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        s.PriceIs(2_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 100m);
        var keeper = s.Funded("keeper", 10_000m);
        s.OpensCrossLong(trader, ExchangeStory.Eth, 100m, 40m);
        // −1.5%: equity 98 − 60 − 1.97 = 36.03 below the 39.4 requirement; the first step closes (part of) the long.
        s.PriceIs(1_970m);
        Assert.True(Assert.IsType<CrossAccountChecked>(s.X.Send(new CheckCrossAccount(trader, s.Marks(), keeper, s.Now))).UnderLiquidation);
        var account = s.X.Accounts.Single(a => a.Id == trader);
        Assert.NotNull(account.Liquidation);
        Assert.Null(account.Liquidation!.InFlight);
        // What the account's own numbers say: no surplus left to protect, or nothing cross left at all.
        Assert.True((account.CrossPositions.IsEmpty && account.FreeBalance >= 0) || CrossExposureOf.Account(account, s.Marks()).Surplus > 0,
            "the case this spec is about: an open liquidation the account's margin alone would not bring to the watcher");

        var exposure = Assert.IsType<CrossExposureResponse>(s.X.Send(new GetCrossExposure(trader, s.Marks())));

        Assert.True(exposure.Watched);
        Assert.True(exposure.Surplus <= 0, $"surplus {exposure.Surplus}: the watcher checks an account at once only without one");
    }
}
