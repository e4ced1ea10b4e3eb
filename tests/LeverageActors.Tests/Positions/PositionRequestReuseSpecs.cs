using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Positions;

/// <summary>
/// A position binds each request id to its terms, in state rebuilt from its events: the same id
/// with other terms is refused (idempotency-key-reused) and moves nothing; the same terms are the
/// request already applied.
/// </summary>
public class PositionRequestReuseSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly AccountId Trader = AccountId.From("trader");
    private static readonly PositionId P = PositionId.From("p");

    private static OpenPosition Open(decimal collateral, decimal leverage, PositionSide side = PositionSide.Long) =>
        new(P, Trader, RequestId.From("open"), Eth, side, collateral, leverage, 2_000m, T0);

    private static InProcessExchange Opened()
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        foreach (var a in new[] { AccountId.From("lp"), Trader })
        {
            x.Send(new OpenAccount(a, RequestId.New(), T0));
            x.Send(new DepositFunds(a, RequestId.New(), 100_000m, T0));
        }

        x.Send(new ProvideLiquidity(AccountId.From("lp"), RequestId.New(), Eth, 100_000m, 2_000m, T0));
        x.Send(Open(1_000m, 5m));
        x.Send(new AddCollateral(P, Trader, RequestId.From("add"), 100m, T0));
        return x;
    }

    /// <summary>The position as a node rebuilds it: its own events folded from nothing.</summary>
    private static PositionState Replayed(InProcessExchange x) =>
        x.Journal.Where(j => j.PersistenceId == "position-p").Select(j => (IPositionEvent)j.Event)
            .Aggregate(PositionState.Initial(P, MarketCatalog.Default), (s, e) => s.Apply(e));

    private static Rejection RejectionOf(PositionState state, IPositionCommand command)
    {
        var handling = state.Handle(command);
        Assert.Empty(handling.Events);
        return Assert.IsType<PositionCommandRejected>(handling.Reply!(state)).Reason;
    }

    [Fact]
    public void An_open_or_a_top_up_retried_with_other_terms_is_refused_and_with_the_same_terms_is_already_applied()
    {
        var x = Opened();
        var state = Replayed(x);
        // 1,000 at 5x: 5,000 of notional, fee 2.5, 997.5 held; plus the 100 added.
        Assert.Equal((PositionStatus.Open, 1_097.5m), (state.Status, state.Collateral));

        foreach (var other in new IPositionCommand[]
                 {
                     Open(1_000m, 6m), Open(1_001m, 5m), Open(1_000m, 5m, PositionSide.Short),
                     Open(1_000m, 5m) with { Market = MarketId.From("BTC-USD") },
                     // A review: a retry flipping isolated to cross was answered as the isolated open applied.
                     Open(1_000m, 5m) with { Cross = true },
                     new AddCollateral(P, Trader, RequestId.From("add"), 101m, T0),
                     new RemoveCollateral(P, Trader, RequestId.From("add"), 100m, 2_000m, T0),
                     new ClosePosition(P, Trader, RequestId.From("open"), 2_000m, T0),
                 })
            Assert.Equal(RejectionCodes.IdempotencyKeyReused, RejectionOf(state, other).Code);

        var again = state.Handle(new AddCollateral(P, Trader, RequestId.From("add"), 100.00m, T0.AddHours(1)));
        Assert.Empty(again.Events);
        Assert.True(Assert.IsType<PositionCommandAccepted>(again.Reply!(state)).AlreadyApplied);
        var reopened = state.Handle(Open(1_000.0m, 5m) with { Price = 2_100m, At = T0.AddHours(1) }); // the oracle's price and the time are not terms
        Assert.True(Assert.IsType<PositionCommandAccepted>(reopened.Reply!(state)).AlreadyApplied);
    }

    [Fact]
    public void A_decrease_retried_with_another_fraction_is_refused()
    {
        var x = Opened();
        x.Send(new DecreasePosition(P, Trader, RequestId.From("cut"), 0.25m, 2_000m, T0));

        Assert.Equal(RejectionCodes.IdempotencyKeyReused,
            RejectionOf(Replayed(x), new DecreasePosition(P, Trader, RequestId.From("cut"), 0.5m, 2_000m, T0)).Code);
        Assert.Empty(x.CheckInvariants(T0));
    }
}
