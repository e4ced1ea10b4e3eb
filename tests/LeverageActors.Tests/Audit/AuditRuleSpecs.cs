using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// One journal per rule of the audit, written to show its violation: the audit recomputes what it
/// checks from the events' inputs and the oracle's prices, so an amount that merely adds up, a price
/// nobody accepted or a mint nobody could have decided is caught, naming the entity and the event.
/// </summary>
public class AuditRuleSpecs
{
    private static readonly AccountId Liquidator = AccountId.From("liquidator");
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    /// <summary>The replay of a journal written from these events.</summary>
    private static AuditLedger Audit(IEnumerable<(string PersistenceId, ILeverageEvent Event)> journal) =>
        AuditedJournal.Of(journal);

    private static List<(string PersistenceId, ILeverageEvent Event)> Edited(
        ExchangeStory s, Func<(string PersistenceId, ILeverageEvent Event), ILeverageEvent> edit) =>
        s.X.Journal.Select(e => (e.PersistenceId, edit(e))).ToList();

    /// <summary>A 10x long at 2,000 closed at 2,100 an hour later.</summary>
    private static (ExchangeStory S, PositionId P) Closed()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.Advance(TimeSpan.FromHours(1));
        s.PriceIs(2_100m);
        s.X.Send(new ClosePosition(p, trader, RequestId.New(), 2_100m, s.Now));
        return (s, p);
    }

    /// <summary>A 10x long at 2,000 breached and fully liquidated at 1,810.</summary>
    private static (ExchangeStory S, PositionId P) Liquidated()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var p = s.Opens(s.Funded("trader", 10_000m), PositionSide.Long, 1_000m, 10m);
        s.Advance(TimeSpan.FromMinutes(1));
        s.PriceIs(1_810m);
        s.Check(p);
        s.Advance(TimeSpan.FromSeconds(5));
        s.Liquidate(p, Liquidator);
        return (s, p);
    }

    [Fact]
    public void The_stories_audit_clean()
    {
        Assert.Empty(Audit(Closed().S.X.Journal).Violations);
        Assert.Empty(Audit(Liquidated().S.X.Journal).Violations);
    }

    /// <summary>The closed story, its pool's stream and the close's settlement: the pool's last event.</summary>
    private static (ExchangeStory S, PositionId P, string Pool, PositionSettled Settled) ClosedWithItsSettlement()
    {
        var (s, p) = Closed();
        var settled = Assert.IsType<PositionSettled>(s.X.Journal.Last(e => e.Event is IPoolEvent).Event);
        return (s, p, Actors.Common.PersistenceIds.Pool(Eth), settled);
    }

    [Fact]
    public void A_pool_that_forgets_a_settlement_before_its_position_recorded_it_is_caught()
    {
        var (s, p, pool, settled) = ClosedWithItsSettlement();
        var forgotten = new SettlementsForgotten(Eth, [new SettlementKey(p, 1)], settled.At);
        var recorded = s.X.Journal.ToList().FindIndex(e => e.Event is PositionSettlementCompleted);

        var early = s.X.Journal.ToList();
        early.Insert(recorded, (pool, forgotten));
        var inOrder = s.X.Journal.Append((pool, forgotten)).ToList();

        var violation = Assert.Single(Audit(early).Violations);
        Assert.Equal("settlement-forgotten", violation.Rule);
        Assert.Equal(pool, violation.Entity);
        Assert.Empty(Audit(inOrder).Violations);
    }

    [Fact]
    public void A_pool_that_forgets_an_answer_it_never_kept_or_forgets_at_a_later_time_is_caught()
    {
        var (s, p, pool, settled) = ClosedWithItsSettlement();
        var never = new SettlementsForgotten(Eth, [new SettlementKey(p, 2)], settled.At);
        var later = new SettlementsForgotten(Eth, [new SettlementKey(p, 1)], settled.At.AddDays(1));

        Assert.Contains("no such answer", Assert.Single(Audit(s.X.Journal.Append((pool, never))).Violations).Found);
        Assert.Equal(settled.At.AddDays(1).ToString("O"), Assert.Single(Audit(s.X.Journal.Append((pool, later))).Violations).Found);
    }

    [Fact]
    public void A_settlement_that_adds_up_but_pays_one_unit_too_much_is_recomputed_and_caught()
    {
        var (s, p) = Closed();
        // One more to the trader and one less to the pool, in the pool's record, the position's and
        // the account's credit alike: every amount still divides the collateral exactly.
        Settlement Richer(Settlement st) => st with { Payout = st.Payout + 1, ToPool = st.ToPool - 1 };
        var journal = Edited(s, e => e.Event switch
        {
            PositionSettled x => x with { Settlement = Richer(x.Settlement) },
            PositionSettlementCompleted x => x with { Settlement = Richer(x.Settlement) },
            PositionCredited x when x.PositionId == p => x with { Amount = x.Amount + 1 },
            _ => e.Event,
        });

        var violation = Assert.Single(Audit(journal).Violations);

        Assert.Equal("settlement", violation.Rule);
        Assert.Equal("pool-ETH-USD", violation.Entity);
    }

    [Fact]
    public void Bad_debt_that_leaves_out_the_unpaid_interest_is_caught()
    {
        // One long of the whole pool's size (high utilization): the pool-share cap on open interest is lifted for this story.
        var s = new ExchangeStory(TestMarkets.WithoutPoolOpenInterestShare);
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 100_000m), 100_000m);
        var p = s.Opens(s.Funded("trader", 10_000m), PositionSide.Long, 10_000m, 10m);
        s.Advance(TimeSpan.FromDays(30));
        s.PriceIs(1_780m);
        s.Check(p);
        s.Liquidate(p, Liquidator);
        // The settlement as the old rule made it: the shortfall without the interest owed.
        Settlement Forgetful(Settlement st) => st with
        {
            Shortfall = st.Shortfall - st.UnpaidInterest, BadDebt = st.BadDebt - st.UnpaidInterest, UnpaidInterest = 0,
        };
        var journal = Edited(s, e => e.Event switch
        {
            PositionSettled x => x with { Settlement = Forgetful(x.Settlement) },
            PositionLiquidated x => x with { Settlement = Forgetful(x.Settlement) },
            _ => e.Event,
        });

        var ledger = Audit(journal);

        Assert.Contains(ledger.Violations, v => v.Rule == "settlement" && v.Entity == "pool-ETH-USD" && v.Expected.Contains("unpaid"));
    }

    [Fact]
    public void An_open_at_a_price_the_oracle_never_accepted_is_caught()
    {
        var (s, p) = Closed();
        var journal = Edited(s, e => e.Event is PositionOpenRequested x ? x with { EntryPrice = 1_990m } : e.Event);

        var ledger = Audit(journal);

        var violation = Assert.Single(ledger.Violations, v => v.Rule == "price-proven");
        Assert.Equal($"position-{p}", violation.Entity);
        Assert.Equal(1, violation.Sequence);
    }

    [Fact]
    public void A_liquidation_at_the_breach_price_long_after_the_breach_is_caught()
    {
        var (s, p) = Liquidated();
        var journal = Edited(s, e => e.Event is LiquidationStarted x ? x with { At = x.At.AddMinutes(5) } : e.Event);

        var violation = Assert.Single(Audit(journal).Violations, v => v.Rule == "liquidation-price");

        Assert.Equal($"position-{p}", violation.Entity);
        Assert.Contains("accepted at", violation.Found);
    }

    [Fact]
    public void A_liquidation_at_a_price_older_than_its_breach_is_caught()
    {
        var (s, p) = Liquidated();
        var breach = s.X.Journal.Select(e => e.Event).OfType<PositionBreached>().Single();
        var journal = Edited(s, e => e.Event is LiquidationStarted x
            ? x with { PriceSequence = breach.PriceSequence - 1, Price = s.Oracle().Recent.First().Price }
            : e.Event);

        Assert.Contains(Audit(journal).Violations, v => v.Rule == "liquidation-price" && v.Entity == $"position-{p}");
    }

    [Fact]
    public void A_breach_at_a_price_other_than_the_oracles_numbered_one_is_caught()
    {
        var (s, p) = Liquidated();
        // Price #1 is the 2,000 of the open, not the 1,810 the breach records.
        var journal = Edited(s, e => e.Event is PositionBreached x ? x with { PriceSequence = 1 } : e.Event);

        Assert.Contains(Audit(journal).Violations, v => v.Rule == "breach-price" && v.Entity == $"position-{p}");
    }

    [Fact]
    public void A_breach_whose_equity_does_not_recompute_is_caught()
    {
        var (s, p) = Liquidated();
        var journal = Edited(s, e => e.Event is PositionBreached x ? x with { Equity = x.Equity - 50m } : e.Event);

        Assert.Contains(Audit(journal).Violations, v => v.Rule == "breach-recomputed" && v.Entity == $"position-{p}");
    }

    [Fact]
    public void A_liquidation_that_closes_another_fraction_than_the_rules_give_is_caught()
    {
        var (s, p) = Liquidated();
        var journal = Edited(s, e => e.Event is LiquidationStarted x ? x with { Fraction = 0.5m } : e.Event);

        Assert.Contains(Audit(journal).Violations, v => v.Rule == "liquidation-recomputed" && v.Entity == $"position-{p}");
    }

    [Fact]
    public void Collateral_removed_while_a_breach_was_open_is_caught()
    {
        // Removed first, breached after; the journal is then written with the breach before the
        // removal completed, as the old rules let happen.
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.PriceIs(1_900m);
        s.X.Send(new RemoveCollateral(p, trader, RequestId.New(), 300m, 1_900m, s.Now));
        s.PriceIs(1_810m);
        s.Check(p);
        var journal = s.X.Journal.ToList();
        var decreased = journal.FindIndex(e => e.Event is CollateralDecreased);
        var breached = journal.FindIndex(e => e.Event is PositionBreached);
        var breach = journal[breached];
        journal.RemoveAt(breached);
        journal.Insert(decreased, breach);

        var violation = Assert.Single(Audit(journal).Violations, v => v.Rule == "collateral-during-breach");

        Assert.Equal($"position-{p}", violation.Entity);
    }

    [Fact]
    public void An_LP_withdrawal_while_a_breach_was_unresolved_is_caught()
    {
        var (s, _) = Liquidated();
        var lp = AccountId.From("lp");
        s.Redeem(lp, 1_000m);
        // The withdrawal moved before the liquidation's settlement in the pool's journal.
        var journal = s.X.Journal.ToList();
        var settled = journal.FindIndex(e => e.Event is PositionSettled);
        var removed = journal.FindIndex(e => e.Event is LiquidityRemoved);
        var withdrawal = journal[removed];
        journal.RemoveAt(removed);
        journal.Insert(settled, withdrawal);

        var violation = Assert.Single(Audit(journal).Violations, v => v.Rule == "withdrawal-paused");

        Assert.Equal("pool-ETH-USD", violation.Entity);
    }

    /// <summary>
    /// A read-only review (LP liquidity): the audit tied a pool's LP row to its account's request by
    /// amount and price only, and judged the halt at the row's own time, so a withdrawal made during a
    /// halt, its row dated at the halt's end, passed. The row's time must be the request's.
    /// </summary>
    [Fact]
    public void An_LP_row_dated_other_than_its_request_is_caught()
    {
        var (s, _) = Closed();
        var lp = AccountId.From("lp");
        s.Redeem(lp, 1_000m);
        var later = TimeSpan.FromMinutes(20);

        var moved = Edited(s, e => e.Event is LiquidityRemoved x ? x with { At = x.At + later } : e.Event);
        var deposit = Edited(s, e => e.Event is LiquidityAdded x ? x with { At = x.At + later } : e.Event);

        Assert.Contains(Audit(moved).Violations, v => (v.Rule, v.Entity) == ("pool-transfer", "pool-ETH-USD"));
        Assert.Contains(Audit(deposit).Violations, v => (v.Rule, v.Entity) == ("pool-transfer", "pool-ETH-USD"));
        Assert.DoesNotContain(Audit(s.X.Journal.Select(e => (e.PersistenceId, e.Event))).Violations, v => v.Rule == "pool-transfer");
    }

    [Fact]
    public void An_LP_mint_of_more_shares_than_the_pool_would_decide_is_caught()
    {
        var (s, _) = Closed();
        var journal = Edited(s, e => e.Event is LiquidityAdded x ? x with { Shares = x.Shares + 1m } : e.Event);

        var ledger = Audit(journal);

        Assert.Contains(ledger.Violations, v => v.Rule == "lp-shares" && v.Entity == "pool-ETH-USD");
    }

    [Fact]
    public void A_pool_record_of_a_position_that_disagrees_with_the_position_is_caught()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.X.Send(new AddCollateral(p, trader, RequestId.New(), 200m, s.Now));
        var journal = Edited(s, e => e.Event is ReservedCollateralAdjusted x ? x with { Delta = x.Delta + 100m } : e.Event);

        var violation = Assert.Single(Audit(journal).Violations);

        Assert.Equal("reservation-agrees", violation.Rule);
        Assert.Contains(p.Value, violation.Found);
    }

    /// <summary>Seven prices a minute apart: the oracle records its volatility after the fifth return.</summary>
    private static ExchangeStory Volatile()
    {
        var s = new ExchangeStory();
        foreach (var price in new[] { 2_000m, 2_010m, 1_990m, 2_005m, 1_980m, 2_001m, 2_003m })
        {
            s.PriceIs(price);
            s.Advance(TimeSpan.FromMinutes(1));
        }

        return s;
    }

    [Fact]
    public void A_recorded_volatility_audits_clean_and_an_edited_one_is_caught()
    {
        var s = Volatile();
        Assert.Contains(s.X.Journal, e => e.Event is VolatilityUpdated);
        Assert.DoesNotContain(Audit(s.X.Journal).Violations, v => v.Rule == "volatility-recomputed");

        // An insider halves the recorded variance, say to lower every margin that rests on it.
        var journal = Edited(s, e => e.Event is VolatilityUpdated v ? v with { Variance = v.Variance / 2 } : e.Event);

        Assert.Contains(Audit(journal).Violations, v => v.Rule == "volatility-recomputed" && v.Entity == "oracle-ETH-USD");
    }
}
