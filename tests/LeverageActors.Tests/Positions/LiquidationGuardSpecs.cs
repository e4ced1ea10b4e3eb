using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Positions;

/// <summary>Collateral never moves under a liquidation, and a liquidation never runs under a collateral move.</summary>
public class LiquidationGuardSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly AccountId Trader = AccountId.From("trader");
    private static readonly PositionId P = PositionId.From("p");

    private static InProcessExchange BreachedTwentyTimesLong()
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        foreach (var a in new[] { AccountId.From("lp"), Trader })
        {
            x.Send(new OpenAccount(a, RequestId.New(), T0));
            x.Send(new DepositFunds(a, RequestId.New(), 1_000_000m, T0));
        }

        x.Send(new ProvideLiquidity(AccountId.From("lp"), RequestId.New(), Eth, 1_000_000m, 2_000m, T0));
        x.Send(new OpenPosition(P, Trader, RequestId.New(), Eth, PositionSide.Long, 1_000m, 20m, 2_000m, T0));
        x.Send(new CheckMargin(P, 1_920m, 1m, 2, T0));
        Assert.NotNull(x.Positions.Single().OpenBreach);
        return x;
    }

    [Fact]
    public void A_liquidator_waits_while_a_collateral_top_up_is_in_flight()
    {
        var x = BreachedTwentyTimesLong();
        x.Send(new AddCollateral(P, Trader, RequestId.New(), 500m, T0), maxDeliveries: 2); // the account's answer is still on its way

        var answer = (LiquidationAnswer)x.Send(new Liquidate(P, 1, AccountId.From("liquidator"), 1_920m, 2, T0, 1m, T0))!;

        Assert.False(answer.Resolved);
        Assert.Null(x.Positions.Single().PendingLiquidation);
    }

    [Fact]
    public void No_collateral_leaves_a_breached_position()
    {
        var x = BreachedTwentyTimesLong();

        var refused = (PositionCommandRejected)x.Send(new RemoveCollateral(P, Trader, RequestId.New(), 10m, 1_920m, T0))!;

        Assert.Equal(RejectionCodes.BelowInitialMargin, refused.Reason.Code);
    }

    [Fact]
    public void A_liquidation_of_a_closed_position_is_resolved_at_once()
    {
        var x = BreachedTwentyTimesLong();
        x.Send(new ClosePosition(P, Trader, RequestId.New(), 1_920m, T0));

        var answer = (LiquidationAnswer)x.Send(new Liquidate(P, 1, AccountId.From("liquidator"), 1_920m, 2, T0, 1m, T0))!;

        Assert.True(answer.Resolved);
        Assert.Empty(x.CheckInvariants(T0));
    }

    [Theory]
    [InlineData("0.008", "0.002")] // breached, a gentle penalty: part of it
    [InlineData("0.005", "0.002")] // below two thirds of maintenance: all of it
    [InlineData("0.009", "0.01")] // a penalty as large as maintenance: no fraction restores margin, all of it
    public void The_fraction_restores_maintenance_plus_buffer_or_takes_everything(string equityRatio, string penalty)
    {
        var p = new MarketParameters { LiquidationPenaltyRate = decimal.Parse(penalty, System.Globalization.CultureInfo.InvariantCulture) };
        var notional = 100_000m;
        var equity = notional * decimal.Parse(equityRatio, System.Globalization.CultureInfo.InvariantCulture);

        var f = LiquidationMath.Fraction(equity, notional, p);

        if (f < 1)
        {
            var after = (equity - f * notional * p.LiquidationPenaltyRate) / ((1 - f) * notional);
            Assert.InRange(after, 0.03m, 0.03m + 0.0001m);
        }
        else
        {
            Assert.True(equity < notional * p.MaintenanceMarginRate * p.FullLiquidationThreshold || p.LiquidationPenaltyRate >= equity / notional);
        }
    }
}
