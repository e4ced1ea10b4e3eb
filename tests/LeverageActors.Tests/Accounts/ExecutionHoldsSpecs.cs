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
        var second = Holds("open-1", 0.01m);

        _holds.Release(RequestId.From("open-1"), second);
        Assert.Equal(1_000m, _holds.HeldAt(T0));
        _holds.Release(RequestId.From("open-1"), first);
        Assert.Equal(0m, _holds.HeldAt(T0));
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
}
