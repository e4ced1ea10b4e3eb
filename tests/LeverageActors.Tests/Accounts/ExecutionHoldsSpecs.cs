using LeverageActors.Actors.Accounts;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Accounts;

public sealed class ExecutionHoldsSpecs
{
    private static readonly AccountId Account = AccountId.From("trader");
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
    private readonly ExecutionHolds _holds = new();

    private void Holds(string request, decimal amount, TimeSpan lasts) =>
        _holds.Hold(new HoldForExecution(Account, RequestId.From(request), amount, T0 + lasts));

    [Fact]
    public void A_withdrawal_may_take_the_free_balance_less_what_is_held_and_no_more()
    {
        Holds("open-1", 600m, TimeSpan.FromMinutes(1));
        Holds("open-2", 300m, TimeSpan.FromMinutes(1));

        Assert.Null(_holds.Refusal(free: 1_000m, amount: 100m, T0));
        Assert.Equal(RejectionCodes.FundsHeldForExecution, _holds.Refusal(free: 1_000m, amount: 100.01m, T0)?.Code);
    }

    [Fact]
    public void A_withdrawal_beyond_the_free_balance_is_left_to_the_account_to_refuse()
    {
        Holds("open-1", 600m, TimeSpan.FromMinutes(1));

        Assert.Null(_holds.Refusal(free: 1_000m, amount: 1_000.01m, T0));
    }

    [Fact]
    public void A_hold_ends_when_its_own_request_spends_it()
    {
        _holds.Hold(new HoldForExecution(Account, RequestId.From("open-1"), 600m, T0 + TimeSpan.FromMinutes(1), PositionId.From("p-open-1")));
        Holds("deposit-1", 300m, TimeSpan.FromMinutes(1));

        _holds.Spent(h => h.Position == PositionId.From("p-open-1"));

        Assert.Equal(300m, _holds.HeldAt(T0));
    }

    [Fact]
    public void A_released_hold_and_one_past_its_time_hold_nothing()
    {
        Holds("open-1", 600m, TimeSpan.FromMinutes(1));
        Holds("open-2", 300m, TimeSpan.FromMinutes(2));
        _holds.Release(RequestId.From("open-2"));

        Assert.Equal(600m, _holds.HeldAt(T0 + TimeSpan.FromMinutes(1)));
        Assert.Equal(0m, _holds.HeldAt(T0 + TimeSpan.FromMinutes(1) + TimeSpan.FromTicks(1)));
        Assert.Null(_holds.Refusal(free: 1_000m, amount: 1_000m, T0 + TimeSpan.FromMinutes(2)));
    }
}
