using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Accounts.Liquidation;
using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// An account liquidation's charges capped at what the account has (<see cref="LiquidationValue"/>),
/// the gaps a review of the cap found: a price impact charge taken beyond it, an owner's close in
/// flight whose fee the cap did not know of, and a cap of more than six places.
/// </summary>
public sealed class LiquidationChargeCapSpecs
{
    private static readonly AssetId EthAsset = AssetId.From("ETH");

    private static AccountState Account(ExchangeStory s, AccountId id) => s.X.Accounts.Single(a => a.Id == id);

    private static CrossAccountChecked Check(ExchangeStory s, AccountId account, AccountId keeper) =>
        Assert.IsType<CrossAccountChecked>(s.X.Send(new CheckCrossAccount(account, s.Marks(), keeper, s.Now)));

    [Fact]
    public void A_capped_settlement_takes_its_impact_charge_from_what_the_fee_and_penalty_left_of_the_cap()
    {
        // 10 long from 2,000 closed at 1,165 by liquidation, a 20 impact charge, 38 to charge in all: fee 5.825, penalty 32.175, no impact.
        var capped = SettlementMath.Settle(PositionSide.Long, 10m, 2_000m, 20_000m, 20_000m, 0m, 1_165m, new MarketParameters(), liquidation: true,
            impact: 20m, chargeCap: 38m);
        var roomy = SettlementMath.Settle(PositionSide.Long, 10m, 2_000m, 20_000m, 20_000m, 0m, 1_165m, new MarketParameters(), liquidation: true,
            impact: 20m, chargeCap: 100m);

        Assert.Equal((5.825m, 32.175m, 0m), (capped.CloseFee, capped.Penalty, capped.Impact));
        Assert.Equal(20_000m - 8_350m - 38m, capped.Payout);
        Assert.Equal((5.825m, 58.25m, 20m), (roomy.CloseFee, roomy.Penalty, roomy.Impact));
    }

    /// <summary>
    /// At 1,163.5 the account is worth 12.2 before charges. The owner closes half the long and the
    /// account is checked while that close is in flight: a closure ordered then carried a cap of 12.2,
    /// taken once the owner's close had paid its 2.90875 fee out of the same 12.2, and the pools paid
    /// the 2.90875. The liquidation now waits for the owner's close, and caps at the 9.29125 left.
    /// </summary>
    [Fact]
    public void A_liquidation_waits_for_an_owners_close_in_flight_and_caps_at_what_it_left()
    {
        var (s, trader, keeper, id) = AccountLiquidationStories.EthLongOnEth(keeperUsd: 10_000m);
        s.PriceIs(1_163.5m);
        s.X.Send(new DecreasePosition(id, trader, RequestId.New(), 0.5m, s.Price(), s.Now), maxDeliveries: 2);
        Assert.NotEmpty(Account(s, trader).PendingDraws);

        Assert.True(Check(s, trader, keeper).UnderLiquidation);
        Assert.Empty(s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidationOrdered>());
        s.X.RetryOutboxes();
        s.X.RetryOutboxes();
        Assert.Empty(Account(s, trader).PendingDraws);

        Check(s, trader, keeper);
        Assert.Equal(9.29125m, s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidationOrdered>().Single().ChargeCap);
        Assert.Equal(-8_365m - 12.2m, Account(s, trader).FreeBalance);
        SoldAtTheMarkLeavingNoShortfall(s, trader, keeper);
    }

    /// <summary>The next check sells the ETH at the mark for exactly the debt, and the one after ends the liquidation with nothing asked of the pools.</summary>
    private static void SoldAtTheMarkLeavingNoShortfall(ExchangeStory s, AccountId trader, AccountId keeper)
    {
        // The crash tripped the breaker: the sale waits for the halt's end.
        s.PastHalt();
        Check(s, trader, keeper);
        Assert.False(Check(s, trader, keeper).UnderLiquidation);
        Assert.Empty(s.X.Journal.Select(r => r.Event).OfType<AccountShortfallOrdered>());
        Assert.Equal(0m, Account(s, trader).FreeBalance);
        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    /// <summary>
    /// The account decides at a fresh price whose mark carries the borrow and funding indexes of a
    /// month before (the last the watcher heard of the pool): its value leaves out the month's interest
    /// and funding, which the pool charges when it settles. The cap shrinks by them, so the account
    /// pays its charges from what it has and the sale at the mark still repays everything.
    /// </summary>
    [Fact]
    public void A_cap_shrinks_by_the_interest_and_funding_accrued_past_its_mark()
    {
        var (s, trader, keeper, _) = AccountLiquidationStories.EthLongOnEth(keeperUsd: 10_000m);
        var old = s.Marks().Single(m => m.Market == ExchangeStory.Eth);
        s.Advance(TimeSpan.FromDays(30));
        s.PriceIs(1_165m);
        var marks = s.Marks().Select(m => m.Market == ExchangeStory.Eth ? m with { BorrowIndex = old.BorrowIndex, Funding = old.Funding } : m).ToList();

        Assert.IsType<CrossAccountChecked>(s.X.Send(new CheckCrossAccount(trader, marks, keeper, s.Now)));
        var order = s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidationOrdered>().Single();
        var settled = s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidated>().Single().Settlement;
        Assert.Equal(38m, order.ChargeCap);
        var accrued = settled.Interest + settled.Funding;
        Assert.True(accrued > 1m, $"a month accrues interest and funding: {accrued}");
        Assert.Equal(38m - accrued, settled.CloseFee + settled.Penalty);

        s.PriceIs(1_165m);
        SoldAtTheMarkLeavingNoShortfall(s, trader, keeper);
    }

    /// <summary>
    /// BTC's closure is ordered, capped at the account's value, and the owner closes half the ETH long
    /// before it lands: that close's draw would take its fee from the value the cap promised. The account
    /// leaves the draw unanswered until the step is over; the position sends it again and it is taken then.
    /// </summary>
    [Fact]
    public void Another_positions_draw_waits_for_a_capped_closure_in_flight()
    {
        var (s, trader, keeper, eth, btcLong) = AccountLiquidationStories.TwoLongsGapped(keeperUsd: 10_000m);

        s.X.Send(new CheckCrossAccount(trader, s.Marks(), keeper, s.Now), maxDeliveries: 1);
        Assert.Equal(btcLong, s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidationOrdered>().Single().PositionId);
        s.X.Send(new DecreasePosition(eth, trader, RequestId.New(), 0.5m, s.Price(), s.Now), maxDeliveries: 2);
        Assert.Empty(Account(s, trader).PendingDraws);
        s.X.RetryOutboxes();
        s.X.RetryOutboxes();
        s.X.RetryOutboxes();

        var events = s.X.Journal.Select(r => r.Event).ToList();
        var closed = events.FindIndex(e => e is CrossPositionSettled x && x.PositionId == btcLong);
        var drawn = events.FindIndex(e => e is CrossMarginDrawn x && x.PositionId == eth);
        Assert.True(closed >= 0 && drawn > closed, $"BTC's closure settled at row {closed}, ETH's draw at {drawn}");
        Assert.Empty(Account(s, trader).PendingDraws);
        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    /// <summary>
    /// The closure of the long is ordered and its message is lost; the owner closes part of the same
    /// long before the order is sent again. That close's draw would take its fee from the value the cap
    /// promised (review): it is left unanswered while the step is in flight; the closure's own draw is taken.
    /// </summary>
    [Fact]
    public void The_ordered_positions_own_close_waits_for_its_capped_closure_and_the_closures_draw_does_not()
    {
        var (s, trader, keeper, id) = AccountLiquidationStories.EthLongOnEth(keeperUsd: 10_000m);
        s.PriceIs(1_163.5m);
        s.X.Send(new CheckCrossAccount(trader, s.Marks(), keeper, s.Now), maxDeliveries: 1);
        Assert.Single(s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidationOrdered>());

        var owners = new DrawCrossMargin(trader, TransferId.From($"{id}.owner"), id, 100m, s.Now);
        Assert.Null(s.X.Send(owners));
        Assert.Empty(s.X.Journal.Select(r => r.Event).OfType<CrossMarginDrawn>());

        s.X.Send(owners with { TransferId = TransferId.From($"{id}.closure"), ForLiquidation = true });
        // Taken, and the account's outbox sent the order with it: the position's own closure draw is taken too.
        var drawn = s.X.Journal.Select(r => r.Event).OfType<CrossMarginDrawn>().Select(d => d.TransferId).ToList();
        Assert.Contains(TransferId.From($"{id}.closure"), drawn);
        Assert.DoesNotContain(owners.TransferId, drawn);
        Assert.Equal(PositionStatus.Liquidated, s.Position(id).Status);
    }

    [Fact]
    public void A_capped_order_is_refused_by_a_position_settling_for_its_owner_and_an_uncapped_one_asked_again()
    {
        var (s, trader, keeper, id) = AccountLiquidationStories.EthLongOnEth(keeperUsd: 10_000m);
        s.PriceIs(1_163.5m);
        s.X.Send(new DecreasePosition(id, trader, RequestId.New(), 0.5m, s.Price(), s.Now), maxDeliveries: 1);
        var mark = s.Marks().Single(m => m.Market == ExchangeStory.Eth);
        var order = new LiquidateCrossPosition(id, trader, 1, TransferId.From("trader.liq1.1"), 1m, mark, keeper, s.Now);

        var capped = Assert.IsType<CrossLiquidationAnswer>(s.X.Send(order with { ChargeCap = 12.2m }));
        var uncapped = Assert.IsType<CrossLiquidationAnswer>(s.X.Send(order));

        Assert.Equal((false, RejectionCodes.RequestInProgress), (capped.Accepted, capped.Refusal?.Code));
        Assert.Equal((false, (Rejection?)null), (uncapped.Accepted, uncapped.Refusal));
    }

    /// <summary>
    /// Opened at 2,001.13, the long's quantity has many places and so has its PnL: the cap is what the
    /// pool pays (the PnL rounded down to the millionth), and the penalty and every balance stay at six places.
    /// </summary>
    [Fact]
    public void A_cap_from_a_value_of_many_places_is_money_of_six_places()
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        s.PriceIs(2_001.13m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 10m);
        s.DepositsAsset(trader, "ETH", 7.2m);
        var keeper = s.Funded("keeper", 10_000m);
        var id = s.OpensCrossLong(trader, ExchangeStory.Eth, 400m, 50m);
        Assert.False(Money.IsExact(s.Position(id).Quantity * 1_165m));
        s.PriceIs(1_165m);

        Check(s, trader, keeper);
        var cap = s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidationOrdered>().Single().ChargeCap!.Value;
        var settled = s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidated>().Single().Settlement;

        Assert.InRange(cap, 1m, 60m);
        Assert.True(Money.IsExact(cap) && Money.IsExact(settled.Penalty) && Money.IsExact(Account(s, trader).FreeBalance));
        Assert.Equal(cap, settled.CloseFee + settled.Penalty);
        s.BooksBalance();
    }
}
