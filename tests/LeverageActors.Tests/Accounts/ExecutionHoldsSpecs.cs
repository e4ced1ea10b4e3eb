using LeverageActors.Actors.Accounts;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Accounts;

public sealed class ExecutionHoldsSpecs
{
    private static readonly AccountId Account = AccountId.From("trader");
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
    private static readonly Func<HoldForExecution, bool> NoHoldsOwn = _ => false;
    private readonly ExecutionHolds _holds = new();

    private Guid Holds(string request, decimal amount, TimeSpan? lasts = null, string? position = null)
    {
        var lease = Guid.NewGuid();
        Assert.Null(_holds.Hold(Hold(request, amount, lease, lasts, position), free: 1_000_000m));
        return lease;
    }

    private static HoldForExecution Hold(string request, decimal amount, Guid lease, TimeSpan? lasts = null, string? position = null, DateTimeOffset? at = null) =>
        new(Account, RequestId.From(request), amount, at ?? T0, T0 + (lasts ?? TimeSpan.FromMinutes(1)), lease,
            position is null ? null : PositionId.From(position));

    [Fact]
    public void A_hold_the_free_balance_less_what_is_held_cannot_cover_is_refused_when_it_is_asked_for()
    {
        Assert.Equal(RejectionCodes.InsufficientBalance, _holds.Hold(Hold("open-1", 1_000.01m, Guid.NewGuid()), free: 1_000m)?.Code);
        Assert.Null(_holds.Hold(Hold("open-2", 600m, Guid.NewGuid()), free: 1_000m));
        Assert.Equal(RejectionCodes.FundsHeldForExecution, _holds.Hold(Hold("open-3", 400.01m, Guid.NewGuid()), free: 1_000m)?.Code);
        Assert.Equal(600m, _holds.HeldAt(T0));
    }

    [Fact]
    public void A_hold_an_hour_past_its_time_is_forgotten()
    {
        Holds("open-1", 600m);

        Assert.Null(_holds.Hold(Hold("open-2", 1_000m, Guid.NewGuid(), lasts: TimeSpan.FromHours(3), at: T0 + TimeSpan.FromHours(2)), free: 1_000m));
        Assert.Equal(1_000m, _holds.HeldAt(T0));
    }

    [Fact]
    public void A_withdrawal_may_take_the_free_balance_less_what_is_held_and_no_more()
    {
        Holds("open-1", 600m);
        Holds("open-2", 300m);

        Assert.Null(_holds.Spend(free: 1_000m, amount: 100m, T0, NoHoldsOwn));
        Assert.Equal(RejectionCodes.FundsHeldForExecution, _holds.Spend(free: 1_000m, amount: 100.01m, T0, NoHoldsOwn)?.Code);
    }

    [Fact]
    public void A_spend_beyond_the_free_balance_is_left_to_the_account_to_refuse()
    {
        Holds("open-1", 600m);

        Assert.Null(_holds.Spend(free: 1_000m, amount: 1_000.01m, T0, NoHoldsOwn));
    }

    [Fact]
    public void A_requests_own_spend_ends_its_hold_and_goes_on_whatever_else_is_held()
    {
        // A decoy held after the open's price was known must not make the open's own lock fail.
        Holds("open-1", 1_000m, position: "p-open-1");
        Holds("decoy", 0.01m);

        Assert.Null(_holds.Spend(free: 1_000m, amount: 1_000m, T0, h => h.Position == PositionId.From("p-open-1")));
        Assert.Equal(0.01m, _holds.HeldAt(T0));
    }

    [Fact]
    public void First_come_first_served_a_later_requests_own_spend_may_not_take_an_earlier_ones_funds()
    {
        Holds("open-1", 1_000m, position: "p-open-1");
        Holds("deposit-2", 1_000m);

        Assert.Equal(RejectionCodes.FundsHeldForExecution,
            _holds.Spend(free: 1_000m, amount: 1_000m, T0, h => h.RequestId == RequestId.From("deposit-2"))?.Code);
        Assert.Null(_holds.Spend(free: 1_000m, amount: 1_000m, T0, h => h.Position == PositionId.From("p-open-1")));
    }

    [Fact]
    public void A_command_stamped_after_every_holds_time_does_not_end_them_for_the_spends_after_it()
    {
        Holds("open-1", 600m);

        Assert.Null(_holds.Spend(free: 1_000m, amount: 1_000m, T0 + TimeSpan.FromHours(1), NoHoldsOwn));
        Assert.Equal(RejectionCodes.FundsHeldForExecution, _holds.Spend(free: 1_000m, amount: 1_000m, T0, NoHoldsOwn)?.Code);
    }

    [Fact]
    public void A_spend_of_another_amount_under_a_held_requests_id_is_not_its_own()
    {
        Holds("deposit-1", 1_000m);

        Assert.Equal(RejectionCodes.FundsHeldForExecution,
            _holds.Spend(free: 1_000m, amount: 10m, T0, h => h.RequestId == RequestId.From("deposit-1"))?.Code);
        Assert.Equal(1_000m, _holds.HeldAt(T0));
    }

    [Fact]
    public void A_second_hold_under_a_requests_id_neither_replaces_the_first_nor_releases_it()
    {
        var first = Holds("open-1", 1_000m);
        var second = Holds("open-1", 1_000m);

        // Other terms under the same key would go to the oracle guarded by a hold sized for something else.
        Assert.Equal(RejectionCodes.IdempotencyKeyReused, _holds.Hold(Hold("open-1", 0.01m, Guid.NewGuid()), free: 1_000_000m)?.Code);
        Assert.Equal(RejectionCodes.IdempotencyKeyReused,
            _holds.Hold(CrossHold("open-1", 1_000m, 1_000m) with { Position = null }, free: 1_000_000m, headroom: _ => 1_000_000m)?.Code);
        _holds.Release(RequestId.From("open-1"), second);
        Assert.Equal(1_000m, _holds.HeldAt(T0));
        _holds.Release(RequestId.From("open-1"), first);
        Assert.Equal(0m, _holds.HeldAt(T0));
    }

    /// <summary>
    /// A review: a second try under the same key (through another node) was answered held, but the
    /// first try's release ended the one hold, and the second waited for its price with nothing
    /// held: a withdrawal could empty the account and fail its open once the price was known to be bad.
    /// </summary>
    [Fact]
    public void A_try_sent_again_waits_under_the_hold_until_its_own_release()
    {
        var first = Holds("open-1", 1_000m, position: "popen-1");
        var again = Holds("open-1", 1_000m, position: "popen-1");

        _holds.Release(RequestId.From("open-1"), first);
        Assert.Equal(1_000m, _holds.HeldAt(T0));
        Assert.Equal(RejectionCodes.FundsHeldForExecution, _holds.Spend(free: 1_000m, amount: 1_000m, T0, NoHoldsOwn)?.Code);
        _holds.Release(RequestId.From("open-1"), first);
        Assert.Equal(1_000m, _holds.HeldAt(T0));
        _holds.Release(RequestId.From("open-1"), again);
        Assert.Equal(0m, _holds.HeldAt(T0));
    }

    [Fact]
    public void A_try_sent_again_with_a_later_time_keeps_the_hold_until_then()
    {
        Holds("open-1", 600m, lasts: TimeSpan.FromMinutes(1));
        Holds("open-1", 600m, lasts: TimeSpan.FromMinutes(3));

        Assert.Equal(600m, _holds.HeldAt(T0 + TimeSpan.FromMinutes(2)));
    }

    /// <summary>The same key with another market, side or leverage is another request: held, it would wait guarded by the first's hold.</summary>
    [Fact]
    public void The_same_key_with_another_market_side_or_leverage_is_refused_as_reused()
    {
        var eth = MarketId.From("ETH-USD");
        HoldForExecution Open(MarketId market, Messages.Positions.PositionSide side, decimal leverage) =>
            Hold("open-1", 1_000m, Guid.NewGuid(), position: "popen-1") with { Market = market, Side = side, Leverage = leverage };
        Assert.Null(_holds.Hold(Open(eth, Messages.Positions.PositionSide.Long, 5m), free: 1_000_000m));

        foreach (var other in new[]
                 {
                     Open(MarketId.From("BTC-USD"), Messages.Positions.PositionSide.Long, 5m),
                     Open(eth, Messages.Positions.PositionSide.Short, 5m),
                     Open(eth, Messages.Positions.PositionSide.Long, 1_000m),
                 })
            Assert.Equal(RejectionCodes.IdempotencyKeyReused, _holds.Hold(other, free: 1_000_000m)?.Code);
        Assert.Null(_holds.Hold(Open(eth, Messages.Positions.PositionSide.Long, 5.0m), free: 1_000_000m));
        // A node before these fields names none: its try is compared by amount and position alone.
        Assert.Null(_holds.Hold(Open(eth, Messages.Positions.PositionSide.Long, 5m) with { Market = null, Side = null, Leverage = null }, free: 1_000_000m));
    }

    /// <summary>
    /// A review: a cross open's margin follows the dynamic rate in force when it is asked, so the same
    /// request sent again through another node may come with another; it was refused as a reused key.
    /// </summary>
    [Fact]
    public void A_cross_open_sent_again_at_another_rate_in_force_is_the_same_request_and_its_first_hold_stands()
    {
        Assert.Null(_holds.Hold(CrossHold("open-1", 5m, 1_005m), free: 1_000_000m, headroom: _ => 1_000_000m));

        Assert.Null(_holds.Hold(CrossHold("open-1", 5m, 1_205m), free: 1_000_000m, headroom: _ => 1_000_000m));
        // Still one hold, the first: an open after it is judged with 1,005 held.
        Assert.Equal(RejectionCodes.FundsHeldForExecution,
            _holds.Hold(CrossHold("open-2", 5m, 1_000m), free: 1_000_000m, headroom: _ => 2_004m)?.Code);
        Assert.Null(_holds.Hold(CrossHold("open-3", 5m, 1_000m), free: 1_000_000m, headroom: _ => 2_005m));
    }

    [Fact]
    public void A_hold_past_its_time_holds_nothing()
    {
        Holds("open-1", 600m, TimeSpan.FromMinutes(1));
        Holds("open-2", 300m, TimeSpan.FromMinutes(2));

        Assert.Equal(900m, _holds.HeldAt(T0 + TimeSpan.FromMinutes(1)));
        Assert.Equal(300m, _holds.HeldAt(T0 + TimeSpan.FromMinutes(1) + TimeSpan.FromTicks(1)));
        Assert.Null(_holds.Spend(free: 1_000m, amount: 1_000m, T0 + TimeSpan.FromMinutes(3), NoHoldsOwn));
    }

    private static HoldForExecution CrossHold(string request, decimal fee, decimal margin) =>
        Hold(request, fee, Guid.NewGuid(), position: "p" + request) with { CrossMarginNeeded = margin };

    [Fact]
    public void Where_cross_margin_decides_a_spend_must_leave_every_hold_its_share_of_the_cross_equity()
    {
        // An asset withdrawal takes no USD, yet it could leave a waiting cross open too little equity to be admitted.
        Assert.Null(_holds.Hold(CrossHold("open-1", 5m, 210m), free: 100m, headroom: _ => 1_900m));
        Holds("open-2", 50m);

        Assert.Equal(RejectionCodes.FundsHeldForExecution, _holds.Spend(free: 100m, amount: 0m, T0, NoHoldsOwn, headroomAfter: _ => 259.99m)?.Code);
        Assert.Null(_holds.Spend(free: 100m, amount: 0m, T0, NoHoldsOwn, headroomAfter: _ => 260m));
        // Its fee stays in USD: 45 of the 100 may leave.
        Assert.Equal(RejectionCodes.FundsHeldForExecution, _holds.Spend(free: 100m, amount: 45.01m, T0, NoHoldsOwn, headroomAfter: _ => 1_000m)?.Code);
        Assert.Null(_holds.Spend(free: 100m, amount: 45m, T0, NoHoldsOwn, headroomAfter: _ => 1_000m));
        // Unvalued, what is held cannot be shown to stay: nothing is done until a price comes.
        Assert.Equal(RejectionCodes.StalePrice, _holds.Spend(free: 100m, amount: 0m, T0, NoHoldsOwn, headroomAfter: _ => null)?.Code);
    }

    [Fact]
    public void A_cross_open_the_equity_cannot_carry_when_it_is_sent_is_refused_then()
    {
        Assert.Equal(RejectionCodes.InsufficientCrossMargin, _holds.Hold(CrossHold("open-1", 25m, 1_050m), free: 100m, headroom: _ => 100m)?.Code);
        Assert.Null(_holds.Hold(CrossHold("open-2", 5m, 210m), free: 100m, headroom: _ => 1_900m));
        // It alone fits, not after the open held before it.
        Assert.Equal(RejectionCodes.FundsHeldForExecution, _holds.Hold(CrossHold("open-3", 42.5m, 1_785m), free: 100m, headroom: _ => 1_900m)?.Code);
        Assert.Equal(5m, _holds.HeldAt(T0));
    }

    [Fact]
    public void A_cross_admission_of_its_own_open_ends_its_hold_and_leaves_the_holds_before_it_their_share()
    {
        Assert.Null(_holds.Hold(CrossHold("open-1", 5m, 210m), free: 100m, headroom: _ => 1_000m));
        Assert.Null(_holds.Hold(CrossHold("open-2", 5m, 300m), free: 100m, headroom: _ => 1_000m));

        // The fee came to other than was held: still the open's own.
        Assert.Equal(RejectionCodes.FundsHeldForExecution,
            _holds.Spend(free: 100m, amount: 6m, T0, h => h.Position == PositionId.From("popen-2"), headroomAfter: _ => 209.99m)?.Code);
        Assert.Equal(5m, _holds.HeldAt(T0));
        Assert.Null(_holds.Spend(free: 100m, amount: 5m, T0, h => h.Position == PositionId.From("popen-1"), headroomAfter: _ => 0m));
        Assert.Equal(0m, _holds.HeldAt(T0));
    }

    [Fact]
    public void Holds_of_cross_opens_and_other_requests_together_are_valued_without_gains()
    {
        // 400 above the requirement with the account's unrealised gains (initial), 100 without (withdrawal).
        Func<CrossValuation, decimal?> headroom = kind => kind == CrossValuation.Initial ? 400m : 100m;
        Assert.Null(_holds.Hold(Hold("isolated-1", 100m, Guid.NewGuid()), free: 1_000m, headroom));

        // Its admission would leave the earlier open's lock, judged without gains, short.
        Assert.Equal(RejectionCodes.FundsHeldForExecution, _holds.Hold(CrossHold("cross-2", 5m, 210m), free: 1_000m, headroom)?.Code);
        Assert.Equal(RejectionCodes.WithdrawalBreachesMargin, _holds.Hold(Hold("isolated-3", 100.01m, Guid.NewGuid()), free: 1_000m, headroom)?.Code);
    }

    [Fact]
    public void A_spend_after_cross_opens_alone_leaves_them_what_their_admissions_count_gains_included()
    {
        Assert.Null(_holds.Hold(CrossHold("cross-1", 5m, 210m), free: 1_000m, headroom: kind => kind == CrossValuation.Initial ? 400m : 100m));

        Assert.Null(_holds.Spend(free: 1_000m, amount: 50m, T0, NoHoldsOwn, headroomAfter: kind => kind == CrossValuation.Initial ? 210m : 0m));
        Assert.Equal(RejectionCodes.FundsHeldForExecution,
            _holds.Spend(free: 1_000m, amount: 50m, T0, NoHoldsOwn, headroomAfter: kind => kind == CrossValuation.Initial ? 209.99m : 1_000m)?.Code);
    }

    [Fact]
    public void A_cross_open_valued_at_no_fresh_price_is_refused_as_stale_and_may_be_sent_again()
    {
        Assert.Equal(RejectionCodes.StalePrice, _holds.Hold(CrossHold("cross-1", 5m, 210m), free: 1_000m, headroom: _ => null)?.Code);
        Assert.Null(_holds.Hold(CrossHold("cross-1", 5m, 210m), free: 1_000m, headroom: _ => 210m));
    }

    [Fact]
    public void A_spend_after_a_cross_open_and_another_request_leaves_them_their_shares_without_gains()
    {
        Assert.Null(_holds.Hold(CrossHold("cross-1", 5m, 210m), free: 1_000m, headroom: _ => 1_000m));
        Holds("isolated-2", 100m);

        // The cross open admitted first would leave the isolated open's lock, judged without gains, short.
        Assert.Equal(RejectionCodes.FundsHeldForExecution,
            _holds.Spend(free: 1_000m, amount: 0m, T0, NoHoldsOwn, headroomAfter: kind => kind == CrossValuation.Initial ? 1_000m : 309.99m)?.Code);
        Assert.Null(_holds.Spend(free: 1_000m, amount: 0m, T0, NoHoldsOwn, headroomAfter: kind => kind == CrossValuation.Initial ? 0m : 310m));
        Assert.Equal(RejectionCodes.StalePrice, _holds.Spend(free: 1_000m, amount: 0m, T0, NoHoldsOwn, headroomAfter: _ => null)?.Code);
    }

    [Fact]
    public void The_same_cross_hold_again_is_held_and_its_lease_releases_nothing()
    {
        Assert.Null(_holds.Hold(CrossHold("cross-1", 5m, 210m) with { Lease = Guid.Empty }, free: 100m, headroom: _ => 210m));
        var again = Guid.NewGuid();
        Assert.Null(_holds.Hold(CrossHold("cross-1", 5m, 210m) with { Lease = again }, free: 100m, headroom: _ => 0m));

        _holds.Release(RequestId.From("cross-1"), again);
        Assert.Equal(5m, _holds.HeldAt(T0));
        Assert.True(_holds.AnyCrossAt(T0));
        Assert.False(_holds.AnyCrossAt(T0 + TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void The_same_request_held_again_past_its_first_holds_time_is_judged_and_held_anew()
    {
        // Its first node went away with the lease; the request sent again must not go to the oracle unguarded.
        Holds("open-1", 600m, lasts: TimeSpan.FromMinutes(1));
        var later = T0 + TimeSpan.FromMinutes(2);

        Assert.Equal(RejectionCodes.InsufficientBalance, _holds.Hold(Hold("open-1", 600m, Guid.NewGuid(), at: later) with { Until = later.AddMinutes(1) }, free: 500m)?.Code);
        Assert.Null(_holds.Hold(Hold("open-1", 600m, Guid.NewGuid(), at: later) with { Until = later.AddMinutes(1) }, free: 1_000m));
        Assert.Equal(RejectionCodes.FundsHeldForExecution, _holds.Spend(free: 1_000m, amount: 400.01m, later, NoHoldsOwn)?.Code);
    }
}
