using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Pools;

/// <summary>LP shares are priced on pool value: assets, accrued interest, and traders' open PnL.</summary>
public class SharePriceSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private readonly InProcessExchange _exchange = new(MarketCatalog.Default);

    private AccountId Funded(string name, decimal amount)
    {
        var id = AccountId.From(name);
        _exchange.Send(new OpenAccount(id, RequestId.New(), T0));
        _exchange.Send(new DepositFunds(id, RequestId.New(), amount, T0));
        return id;
    }

    private PositionId TraderOpensTenTimesLong()
    {
        var lp = Funded("lp", 100_000m);
        Assert.IsType<LiquidityRequestCompleted>(_exchange.Send(new ProvideLiquidity(lp, RequestId.New(), Eth, 100_000m, 2_000m, T0)));
        var trader = Funded("trader", 10_000m);
        var position = PositionId.From("p1");
        Assert.IsType<PositionCommandAccepted>(_exchange.Send(
            new OpenPosition(position, trader, RequestId.New(), Eth, PositionSide.Long, 1_000m, 10m, 2_000m, T0)));
        return position;
    }

    private PoolStateResponse PoolAt(decimal price) => (PoolStateResponse)_exchange.Send(new GetPoolState(Eth, price, T0))!;

    [Fact]
    public void The_first_deposit_buys_shares_one_for_one_after_the_lp_fee_and_locks_one_of_them()
    {
        TraderOpensTenTimesLong();

        // 100,000 provided: the LP fee of 0.05% (50) stays in the pool, 99,950 buys shares at 1,
        // of which 1 is locked for good and 99,949 belong to the provider.
        var pool = PoolAt(2_000m);
        Assert.Equal(99_950m, pool.TotalShares);
        Assert.Equal(1m, pool.LockedShares);
        Assert.Equal(99_949m, Assert.Single(pool.Providers).Shares);
        Assert.Equal(100_004.5m, pool.Assets); // the whole 100,000 and the LPs' 4.5 of the opening fee
    }

    [Fact]
    public void An_open_trader_loss_raises_the_share_price()
    {
        TraderOpensTenTimesLong();

        // Assets 100,004.5 (the LPs' 4.5 of the opening fee); at 1,900 the long is 500 down.
        Assert.Equal(100_504.5m / 99_950m, PoolAt(1_900m).SharePrice);
    }

    [Fact]
    public void An_open_trader_profit_lowers_the_share_price()
    {
        TraderOpensTenTimesLong();

        Assert.Equal(99_504.5m / 99_950m, PoolAt(2_100m).SharePrice);
    }

    [Fact]
    public void Collateral_taken_out_of_a_position_no_longer_counts_as_what_traders_can_lose()
    {
        var position = TraderOpensTenTimesLong();
        Assert.IsType<PositionCommandAccepted>(_exchange.Send(
            new RemoveCollateral(position, AccountId.From("trader"), RequestId.New(), 300m, 2_000m, T0)));

        // At 1,850 the long is 750 down, but it holds only 695 now: the pool can count on 695.
        Assert.Equal((100_004.5m + 695m) / 99_950m, PoolAt(1_850m).SharePrice);
        Assert.Empty(_exchange.CheckInvariants(T0));
    }

    [Fact]
    public void After_a_realised_trader_loss_a_new_provider_buys_fewer_shares()
    {
        var position = TraderOpensTenTimesLong();
        _exchange.Send(new ClosePosition(position, AccountId.From("trader"), RequestId.New(), 1_900m, T0));
        var newcomer = Funded("newcomer", 10_000m);

        var bought = (LiquidityRequestCompleted)_exchange.Send(new ProvideLiquidity(newcomer, RequestId.New(), Eth, 10_000m, 1_900m, T0))!;

        // Payout 995 − 500 − 4.75 = 490.25; the pool keeps 504.275 after 0.475 to the protocol.
        // The newcomer's 10,000 pays the LP fee of 5 and buys shares with 9,995, at the value with the fee in it.
        Assert.Equal(100_508.775m, PoolAt(1_900m).Assets - 10_000m);
        Assert.Equal(LeverageActors.Messages.Common.Money.Payout(9_995m * 99_950m / (100_508.775m + 5m)), bought.Shares);
        Assert.Empty(_exchange.CheckInvariants(T0));
    }
}
