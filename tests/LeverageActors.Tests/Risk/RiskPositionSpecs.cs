using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Risk;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// The risk index keeps a compact position instead of the entity's state: folded from the same
/// journal, it must give every position the threshold the entity's own state gives, after every
/// kind of event (collateral in and out, partial and full closes, partial and full liquidations,
/// failed opens).
/// </summary>
public class RiskPositionSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly AccountId Trader = AccountId.From("trader");
    private static readonly AccountId Liquidator = AccountId.From("liquidator");

    [Fact]
    public void Compact_positions_have_the_thresholds_of_the_full_states_after_every_event()
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        foreach (var a in new[] { AccountId.From("lp"), Trader, Liquidator })
        {
            x.Send(new OpenAccount(a, RequestId.New(), T0));
            x.Send(new DepositFunds(a, RequestId.New(), 1_000_000m, T0));
        }

        x.Send(new ProvideLiquidity(AccountId.From("lp"), RequestId.New(), Eth, 1_000_000m, 2_000m, T0));
        var at = T0;
        for (var i = 0; i < 12; i++)
        {
            at = at.AddHours(6);
            var p = PositionId.From($"p{i}");
            var side = i % 2 == 0 ? PositionSide.Long : PositionSide.Short;
            x.Send(new OpenPosition(p, Trader, RequestId.New(), Eth, side, 1_000m, 5m + 3 * i, 2_000m, at));
            switch (i % 6)
            {
                case 0:
                    x.Send(new AddCollateral(p, Trader, RequestId.New(), 250m, at));
                    break;
                case 1:
                    x.Send(new RemoveCollateral(p, Trader, RequestId.New(), 100m, 2_000m, at));
                    break;
                case 2:
                    x.Send(new DecreasePosition(p, Trader, RequestId.New(), 0.4m, 2_010m, at));
                    break;
                case 3:
                    x.Send(new ClosePosition(p, Trader, RequestId.New(), 1_990m, at));
                    break;
                default:
                    // Breached a little (partial liquidation) or a lot (full).
                    var move = i % 6 == 4 ? 0.035m : 0.2m;
                    var price = side == PositionSide.Long ? 2_000m * (1 - move) : 2_000m * (1 + move);
                    x.Send(new CheckMargin(p, price, 1m, i, at));
                    x.Send(new Liquidate(p, 1, Liquidator, price, i, at, 1m, at));
                    break;
            }
        }

        // More than the market allows: the open fails.
        x.Send(new OpenPosition(PositionId.From("too-big"), Trader, RequestId.New(), Eth, PositionSide.Long, 900_000m, 50m, 2_000m, at));

        var watched = new WatchedPositions();
        var full = new Dictionary<PositionId, Actors.Positions.PositionState>();
        var kinds = new HashSet<Type>();
        foreach (var (_, evt) in x.Journal)
        {
            if (evt is not IPositionEvent e)
                continue;
            kinds.Add(e.GetType());
            var compact = watched.Apply(e);
            full[e.PositionId] = (full.GetValueOrDefault(e.PositionId)
                                  ?? Actors.Positions.PositionState.Initial(e.PositionId, MarketCatalog.Default)).Apply(e);
            var state = full[e.PositionId];
            foreach (var index in new[] { 1m, 1.01m })
                Assert.Equal(RiskThreshold.For(state, index), compact is null ? null : RiskThreshold.For(compact, index));
            Assert.Equal(state.Status is PositionStatus.Opening or PositionStatus.Open && state.Quantity > 0, compact?.IsLive ?? false);
        }

        Assert.Superset(new HashSet<Type>
        {
            typeof(CollateralIncreased), typeof(CollateralDecreased), typeof(PositionSettlementCompleted),
            typeof(PositionLiquidated), typeof(PositionOpenFailed),
        }, kinds);
        Assert.Contains(x.Positions, p => p.Status == PositionStatus.Open && p.Quantity > 0 && p.SettlementCount > 0);
        Assert.Equal(x.Positions.Count(p => p.Status == PositionStatus.Open && p.Quantity > 0), watched.Count);
    }

    [Fact]
    public void A_cross_position_gets_no_row_its_account_is_watched_instead()
    {
        var at = DateTimeOffset.UnixEpoch;
        var id = PositionId.From("cross-1");
        var requested = new PositionOpenRequested(id, AccountId.From("hal"), RequestId.From("r-cross"), Eth, PositionSide.Long,
            1_000m, 10m, 2_000m, 5m, 10_000m, 5m, new MarketParameters(), at) { Cross = true };
        var watched = new WatchedPositions();

        Assert.Null(watched.Apply(requested));
        Assert.Null(watched.Apply(new PositionOpened(id, 0m, 1m, at)));
        Assert.Equal(0, watched.Count);
        // The same open isolated is watched.
        Assert.NotNull(watched.Apply(requested with { Cross = false }));
        Assert.Equal(1, watched.Count);
    }
}
