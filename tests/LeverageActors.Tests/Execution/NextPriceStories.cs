using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Execution;

/// <summary>
/// Next-price execution (issue 18 item 1) on the pure exchange: a request is noted at the oracle's
/// current price number and acts at a price accepted after it. The trader who knows the next price
/// before the oracle does, and the LP who deposits just before a drop, get nothing from knowing it.
/// </summary>
public class NextPriceStories
{
    private const decimal P0 = 2_000m;

    /// <summary>The next accepted price, known to the trader before the oracle accepts it: P0 × 1.005.</summary>
    private const decimal P1 = 2_010m;

    private static (ExchangeStory S, AccountId Trader) Market()
    {
        var s = new ExchangeStory();
        s.PriceIs(P0);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        return (s, s.Funded("trader", 20_000m));
    }

    /// <summary>The price number a request is noted at when it reaches the oracle.</summary>
    private static long Requested(ExchangeStory s) => s.Oracle().Sequence;

    /// <summary>The execution of a request noted at <paramref name="request"/>, at the oracle's latest price.</summary>
    private static Messages.Common.Execution Executed(ExchangeStory s, long request) => new(s.Now, request, s.Oracle().Sequence);

    private static decimal Free(ExchangeStory s, AccountId account) => s.X.Accounts.Single(a => a.Id == account).FreeBalance;

    private static void Audited(ExchangeStory s)
    {
        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    [Fact]
    public void A_trader_who_knows_the_next_price_opens_right_before_it_and_closes_right_after_and_loses_only_the_fees()
    {
        var (s, trader) = Market();
        var before = Free(s, trader);

        // 50x on 10,000 requested at P0; the oracle then accepts P1, and the open executes there.
        var open = Requested(s);
        s.PriceIs(P1);
        var id = PositionId.New();
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new OpenPosition(id, trader, RequestId.New(), ExchangeStory.Eth, PositionSide.Long,
            10_000m, 50m, s.Price(), s.Now) { Execution = Executed(s, open) }));
        Assert.Equal(P1, s.Position(id).EntryPrice);

        // Closed right after, at the next price: P1 again (the move is over).
        var close = Requested(s);
        s.PriceIs(P1);
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new ClosePosition(id, trader, RequestId.New(), s.Price(), s.Now)
            { Execution = Executed(s, close) }));

        // Nothing from the move: 500,000 of notional pays 0.05% to open and 0.05% to close, 250 each.
        var gain = Free(s, trader) - before;
        Assert.InRange(gain, -500.01m, -499.99m);
        Audited(s);
    }

    [Fact]
    public void Executed_at_once_the_same_round_trip_would_have_taken_about_2_000_from_the_pool()
    {
        var (s, trader) = Market();
        var before = Free(s, trader);

        var id = s.Opens(trader, PositionSide.Long, 10_000m, 50m);
        Assert.Equal(P0, s.Position(id).EntryPrice);
        s.PriceIs(P1);
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new ClosePosition(id, trader, RequestId.New(), s.Price(), s.Now)));

        // 250 ETH × 10 = 2,500, less 250 and 251.25 of fees: 1,998.75 taken from the LPs per round trip.
        var gain = Free(s, trader) - before;
        Assert.InRange(gain, 1_998.74m, 1_998.76m);
        Audited(s);
    }

    /// <summary>400,000 of longs on a 1,000,000 pool, and a second LP who sees a 2% drop coming.</summary>
    private static (ExchangeStory S, AccountId Late) LongsAgainstThePool()
    {
        var s = new ExchangeStory();
        s.PriceIs(P0);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        s.Opens(s.Funded("longs", 50_000m), PositionSide.Long, 40_000m, 10m);
        return (s, s.Funded("late-lp", 1_000_000m));
    }

    private static decimal ValueAtPrice(ExchangeStory s, AccountId lp, LiquidityRequestCompleted deposit) =>
        deposit.Shares * s.PoolView().SharePrice;

    [Fact]
    public void An_LP_deposit_right_before_a_2_percent_drop_executes_at_the_later_price_and_takes_none_of_the_pools_gain()
    {
        var (s, late) = LongsAgainstThePool();
        var request = Requested(s);
        s.PriceIs(P0 * 0.98m);
        var deposit = Assert.IsType<LiquidityRequestCompleted>(s.X.Send(new ProvideLiquidity(late, RequestId.New(), ExchangeStory.Eth,
            1_000_000m, s.Price(), s.Now) { Execution = Executed(s, request) }));

        // Its shares are worth what it paid in, at the price after the drop, less the 500 LP fee (the
        // LPs' who were in the pool, none of it its own again): 999,500, no gain.
        Assert.InRange(ValueAtPrice(s, late, deposit), 999_499m, 999_500m);
        Audited(s);
    }

    [Fact]
    public void Deposited_at_once_before_the_drop_the_same_LP_would_have_taken_half_the_pools_gain()
    {
        var (s, late) = LongsAgainstThePool();
        var deposit = Assert.IsType<LiquidityRequestCompleted>(s.Provide(late, 1_000_000m));
        s.PriceIs(P0 * 0.98m);

        // The longs lose 8,000 to the pool; the new LP holds about half the shares: about 4,000 of it
        // above the 999,500 it holds when it deposits at the next price.
        Assert.InRange(ValueAtPrice(s, late, deposit), 1_003_450m, 1_003_550m);
        Audited(s);
    }

    [Fact]
    public void A_command_whose_price_is_not_after_its_request_is_refused_and_records_nothing()
    {
        var (s, trader) = Market();
        var known = s.Oracle().Sequence;
        var rows = s.X.Journal.Count;

        var open = s.X.Send(new OpenPosition(PositionId.New(), trader, RequestId.New(), ExchangeStory.Eth, PositionSide.Long,
            10_000m, 50m, s.Price(), s.Now) { Execution = new(s.Now, known, known) });
        Assert.Equal(RejectionCodes.InvalidPrice, Assert.IsType<PositionCommandRejected>(open).Reason.Code);
        var deposit = s.X.Send(new ProvideLiquidity(trader, RequestId.New(), ExchangeStory.Eth, 1_000m, s.Price(), s.Now)
            { Execution = new(s.Now, known, known - 1) });
        Assert.Equal(RejectionCodes.InvalidPrice, Assert.IsType<AccountCommandRejected>(deposit).Reason.Code);
        Assert.Equal(rows, s.X.Journal.Count);

        var id = s.Opens(trader, PositionSide.Long, 1_000m, 5m);
        rows = s.X.Journal.Count;
        var close = s.X.Send(new ClosePosition(id, trader, RequestId.New(), s.Price(), s.Now) { Execution = new(s.Now, known, known) });
        Assert.Equal(RejectionCodes.InvalidPrice, Assert.IsType<PositionCommandRejected>(close).Reason.Code);
        Assert.Equal(PositionStatus.Open, s.Position(id).Status);
        Assert.Equal(rows, s.X.Journal.Count);
        Audited(s);
    }
}
