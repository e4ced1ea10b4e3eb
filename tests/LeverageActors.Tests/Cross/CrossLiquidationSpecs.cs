using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// The position's side of an account liquidation (issue 16 item 3), on the pure states: an account's
/// <see cref="LiquidateCrossPosition"/> sent straight to one of its cross positions. The position
/// draws its cover and the penalty from the account's USD, the pool settles a liquidation and pays
/// back the rest, the account is told under its own transfer, the liquidator gets its half of the
/// penalty and the insurance fund the other. The books balance, and the audit replays the journal with
/// one finding only: each closure started with no account liquidation ordering it.
/// </summary>
public sealed class CrossLiquidationSpecs
{
    private static readonly AccountId Keeper = AccountId.From("keeper");

    /// <summary>
    /// The audit holds every cross closure to its account's order (<see cref="Actors.Audit.CrossClosureOrderRule"/>);
    /// these specs send the order straight to the position, as no node does, so that is all it may name.
    /// </summary>
    private static void AuditedAsOrderedStraight(ExchangeStory s) =>
        Assert.All(AuditedJournal.Of(s.X.Journal).Violations, v => Assert.Equal(Actors.Audit.CrossClosureOrderRule.Rule, v.Rule));

    /// <summary>
    /// A pool of 1,000,000; the trader's 1,000 USD backs a cross long of 2.5 ETH from 2,000 (500 × 10),
    /// the 2.5 opening fee taken from USD: 997.5 left.
    /// </summary>
    private static (ExchangeStory S, AccountId Trader, PositionId Position) CrossLong()
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        s.PriceIs(2_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 1_000m);
        var reply = s.X.Send(new OpenPosition(PositionId.New(), trader, RequestId.New(), ExchangeStory.Eth, PositionSide.Long, 500m, 10m,
            s.Price(), s.Now) { Cross = true, Marks = s.Marks() });
        var id = Assert.IsType<PositionCommandAccepted>(reply).PositionId;
        Assert.Equal(997.5m, Usd(s, trader));
        s.X.Send(new OpenAccount(Keeper, RequestId.New(), s.Now));
        return (s, trader, id);
    }

    [Fact]
    public void A_full_liquidation_takes_pnl_interest_closing_fee_and_penalty_from_the_accounts_USD_and_pays_the_liquidator_and_insurance()
    {
        var (s, trader, id) = CrossLong();
        s.Advance(TimeSpan.FromDays(30));
        s.PriceIs(1_800m);
        var before = s.Position(id);
        var interest = BorrowRateModel.InterestOwed(before.Reserved, before.BorrowIndexAtOpen, s.Pool().AccruedTo(s.Now).BorrowIndex);
        Assert.True(interest > 0);

        var answer = s.X.Send(Order(s, trader, id, 1m, "t1"));

        Assert.Equal(new CrossLiquidationAnswer(id, Transfer("t1"), Accepted: true), answer);
        // PnL 2.5 × (1,800 − 2,000) = −500; closing fee 4,500 × 0.05% = 2.25; penalty 4,500 × 0.5% = 22.5.
        Assert.Equal(997.5m - 500m - interest - 2.25m - 22.5m, Usd(s, trader));
        var position = s.Position(id);
        Assert.Equal(PositionStatus.Liquidated, position.Status);
        Assert.Equal(0m, position.Quantity);
        Assert.Equal(-(500m + interest + 2.25m + 22.5m), position.RealizedPayout);
        Assert.Empty(s.X.Accounts.Single(a => a.Id == trader).CrossPositions);
        // Half the penalty to the liquidator, half to the insurance fund.
        Assert.Equal(11.25m, Usd(s, Keeper));
        Assert.Equal(11.25m, s.Pool().InsuranceFund);
        Assert.False(s.Pool().Reservations.ContainsKey(id));
        var settled = Assert.Single(s.X.Journal.Select(r => r.Event).OfType<PositionSettled>(), e => e.PositionId == id);
        Assert.True(settled.Liquidation && settled.Cross);
        Assert.Equal(22.5m, settled.Settlement.Penalty);
        Assert.Equal(0m, settled.Settlement.Shortfall);
        s.BooksBalance();
        AuditedAsOrderedStraight(s);
    }

    [Fact]
    public void A_partial_liquidation_closes_the_fraction_and_the_pool_keeps_no_payout_for_the_rest()
    {
        var (s, trader, id) = CrossLong();
        s.PriceIs(1_800m);

        Assert.Equal(new CrossLiquidationAnswer(id, Transfer("t1"), Accepted: true), s.X.Send(Order(s, trader, id, 0.4m, "t1")));

        // 1 ETH of 2.5: PnL −200, closing fee 0.9, penalty 9 (4.5 each), no interest yet.
        Assert.Equal(997.5m - 200m - 0.9m - 9m, Usd(s, trader));
        var position = s.Position(id);
        Assert.Equal(PositionStatus.Open, position.Status);
        Assert.Equal(1.5m, position.Quantity);
        Assert.Equal(0m, position.Collateral);
        Assert.Equal(1.5m, s.X.Accounts.Single(a => a.Id == trader).CrossPositions[id].Terms.Quantity);
        var reservation = s.Pool().Reservations[id];
        Assert.Equal((1.5m, 0m, position.Reserved), (reservation.Quantity, reservation.Collateral, reservation.Reserved));
        Assert.Equal(4.5m, Usd(s, Keeper));
        Assert.Equal(4.5m, s.Pool().InsuranceFund);
        s.BooksBalance();
        AuditedAsOrderedStraight(s);

        // A second step closes the rest.
        Assert.Equal(new CrossLiquidationAnswer(id, Transfer("t2"), Accepted: true), s.X.Send(Order(s, trader, id, 1m, "t2")));
        Assert.Equal(PositionStatus.Liquidated, s.Position(id).Status);
        Assert.Equal(997.5m - 209.9m - 300m - 1.35m - 13.5m, Usd(s, trader));
        s.BooksBalance();
        AuditedAsOrderedStraight(s);
    }

    [Fact]
    public void A_repeated_order_is_accepted_and_starts_nothing()
    {
        var (s, trader, id) = CrossLong();
        s.PriceIs(1_800m);
        s.X.Send(Order(s, trader, id, 0.4m, "t1"));
        var rows = s.X.Journal.Count;
        var usd = Usd(s, trader);

        Assert.Equal(new CrossLiquidationAnswer(id, Transfer("t1"), Accepted: true), s.X.Send(Order(s, trader, id, 0.4m, "t1")));
        Assert.Equal(rows, s.X.Journal.Count);
        Assert.Equal(usd, Usd(s, trader));
        Assert.Equal(1.5m, s.Position(id).Quantity);

        // Once the position is gone too: still the same answer for the same transfer.
        s.X.Send(Order(s, trader, id, 1m, "t2"));
        Assert.Equal(new CrossLiquidationAnswer(id, Transfer("t1"), Accepted: true), s.X.Send(Order(s, trader, id, 0.4m, "t1")));
        Assert.Equal(new CrossLiquidationAnswer(id, Transfer("t2"), Accepted: true), s.X.Send(Order(s, trader, id, 1m, "t2")));
        s.BooksBalance();
    }

    [Fact]
    public void An_order_repeated_while_the_liquidation_runs_starts_nothing_more()
    {
        var (s, trader, id) = CrossLong();
        s.PriceIs(1_800m);
        // Cut short after the start: the draw is still to be sent.
        s.X.Send(Order(s, trader, id, 1m, "t1"), maxDeliveries: 1);
        var rows = s.X.Journal.Count;

        Assert.Equal(new CrossLiquidationAnswer(id, Transfer("t1"), Accepted: true), s.X.Send(Order(s, trader, id, 1m, "t1"), maxDeliveries: 1));
        Assert.Equal(rows, s.X.Journal.Count);

        s.X.RetryOutboxes();
        Assert.Equal(PositionStatus.Liquidated, s.Position(id).Status);
        Assert.Equal(997.5m - 500m - 2.25m - 22.5m, Usd(s, trader));
        Assert.Single(s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidated>());
        s.BooksBalance();
        AuditedAsOrderedStraight(s);
    }

    [Fact]
    public void A_position_busy_with_its_owners_close_answers_not_yet_and_takes_the_order_once_it_finishes()
    {
        var (s, trader, id) = CrossLong();
        s.PriceIs(1_800m);
        s.X.Send(new DecreasePosition(id, trader, RequestId.New(), 0.5m, s.Price(), s.Now), maxDeliveries: 1);
        var rows = s.X.Journal.Count;

        Assert.Equal(new CrossLiquidationAnswer(id, Transfer("t1"), Accepted: false), s.X.Send(Order(s, trader, id, 1m, "t1")));
        Assert.Equal(rows, s.X.Journal.Count);

        s.X.RetryOutboxes();
        Assert.Equal(1.25m, s.Position(id).Quantity);
        Assert.Equal(new CrossLiquidationAnswer(id, Transfer("t1"), Accepted: true), s.X.Send(Order(s, trader, id, 1m, "t1")));
        Assert.Equal(PositionStatus.Liquidated, s.Position(id).Status);
        // Both halves lost 250 and paid 1.125 closing fee; only the liquidated one paid the 11.25 penalty.
        Assert.Equal(997.5m - 500m - 2.25m - 11.25m, Usd(s, trader));
        s.BooksBalance();
        AuditedAsOrderedStraight(s);
    }

    [Fact]
    public void Orders_that_never_will_be_carried_out_are_refused_and_change_nothing()
    {
        var (s, trader, id) = CrossLong();
        // An account holding cross positions spends only at marks, an isolated open's collateral too.
        var isolated = Assert.IsType<PositionCommandAccepted>(s.X.Send(new OpenPosition(PositionId.New(), trader, RequestId.New(), ExchangeStory.Eth,
            PositionSide.Short, 100m, 5m, s.Price(), s.Now) { Marks = s.Marks() })).PositionId;
        var rows = s.X.Journal.Count;

        Assert.Equal(RejectionCodes.NotCrossPosition, Refusal(s.X.Send(Order(s, trader, isolated, 1m, "t1"))));
        Assert.Equal(RejectionCodes.NotPositionOwner, Refusal(s.X.Send(Order(s, Keeper, id, 1m, "t2"))));
        Assert.Equal(RejectionCodes.PositionNotFound, Refusal(s.X.Send(Order(s, trader, PositionId.From("nowhere"), 1m, "t3"))));
        Assert.Equal(RejectionCodes.InvalidFraction, Refusal(s.X.Send(Order(s, trader, id, 1.5m, "t4"))));
        Assert.Equal(RejectionCodes.InvalidPrice, Refusal(s.X.Send(Order(s, trader, id, 1m, "t5") with
        {
            Mark = new MarketMark(MarketId.From("BTC-USD"), 50_000m, 1, 1m),
        })));
        Assert.Equal(rows, s.X.Journal.Count);

        s.X.Send(new ClosePosition(id, trader, RequestId.New(), s.Price(), s.Now));
        Assert.Equal(RejectionCodes.PositionNotOpen, Refusal(s.X.Send(Order(s, trader, id, 1m, "t6"))));
        s.BooksBalance();
    }

    [Fact]
    public void The_audit_catches_a_cross_liquidation_at_a_price_the_oracle_never_gave_and_a_settlement_the_pool_did_not_make()
    {
        var (s, trader, id) = CrossLong();
        s.PriceIs(1_800m);
        s.X.Send(Order(s, trader, id, 0.4m, "t1"));

        var repriced = s.X.Journal
            .Select(r => r.Event is CrossLiquidationStarted e ? (r.PersistenceId, (ILeverageEvent)(e with { Mark = e.Mark with { Price = 1_700m } })) : r)
            .ToList();
        Assert.Contains(AuditedJournal.Of(repriced).Violations, v => v.Rule == "liquidation-price");

        var paidMore = s.X.Journal
            .Select(r => r.Event is CrossPositionLiquidated e
                ? (r.PersistenceId, (ILeverageEvent)(e with { Settlement = e.Settlement with { Payout = e.Settlement.Payout + 1m } }))
                : r)
            .ToList();
        Assert.Contains(AuditedJournal.Of(paidMore).Violations, v => v.Rule == "settlement");

        var kept = s.X.Journal
            .Select(r => r.Event is PositionSettled e ? (r.PersistenceId, (ILeverageEvent)(e with { Cross = false })) : r)
            .ToList();
        Assert.Contains(AuditedJournal.Of(kept).Violations, v => v.Rule == "settlement");
    }

    /// <summary>The account's order, at the oracle's latest ETH price now, for the keeper.</summary>
    private static LiquidateCrossPosition Order(ExchangeStory s, AccountId account, PositionId position, decimal fraction, string transfer) =>
        new(position, account, 1, Transfer(transfer), fraction,
            new MarketMark(ExchangeStory.Eth, s.Price(), s.Oracle().Sequence, s.Pool().AccruedTo(s.Now).BorrowIndex), Keeper, s.Now);

    private static TransferId Transfer(string name) => TransferId.From($"trader.liquidation.{name}");

    private static string? Refusal(object? answer)
    {
        var a = Assert.IsType<CrossLiquidationAnswer>(answer);
        Assert.False(a.Accepted);
        return a.Refusal?.Code;
    }

    private static decimal Usd(ExchangeStory s, AccountId account) => s.X.Accounts.Single(a => a.Id == account).FreeBalance;
}
