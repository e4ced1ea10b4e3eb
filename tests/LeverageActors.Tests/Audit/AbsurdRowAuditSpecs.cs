using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// A forger who cannot make an edit add up can still try to stop the audit: one row no node could
/// write (an amount at decimal's limit, a list nulled) must be named like any other finding, and the
/// audit must read on to the rest of the forgery.
/// </summary>
public class AbsurdRowAuditSpecs
{
    /// <summary>Two deposits, an LP's, and a closed 10x long: the second deposit is the one a forger makes absurd.</summary>
    private static ExchangeStory Story()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        var lp = s.Funded("lp", 1_000_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        s.X.Send(new DepositFunds(trader, RequestId.New(), 5_000m, s.Now));
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.PriceIs(2_100m);
        s.X.Send(new ClosePosition(p, trader, RequestId.New(), 2_100m, s.Now));
        return s;
    }

    [Fact]
    public void A_deposit_at_decimals_limit_is_named_and_the_later_edits_are_still_found()
    {
        var s = Story();
        var last = s.X.Journal.Last(e => e.Event is FundsDeposited).Event;
        var journal = AuditedJournal.Edited(s, e => e switch
        {
            FundsDeposited d when ReferenceEquals(d, last) => d with { Amount = decimal.MaxValue },
            LiquidityAdded a => a with { Shares = a.Shares + 1m },
            _ => e,
        });

        var ledger = AuditedJournal.Of(journal);

        Assert.Contains(ledger.Violations, v => v.Rule == "inconsistent" && v.Found.Contains(nameof(FundsDeposited)));
        Assert.Contains(ledger.Violations, v => v.Rule == "books" && v.Expected.Contains("within decimal's range"));
        Assert.Contains(ledger.Violations, v => v.Rule == "lp-shares");
    }

    [Fact]
    public void A_forged_account_holding_decimals_limit_is_named_in_the_books_not_a_stack_trace()
    {
        var s = Story();
        var forged = AccountId.From("forged");
        var journal = AuditedJournal.Edited(s, e => e);
        // First, so that the honest deposits after it take the totals past decimal's range.
        journal.InsertRange(0, [
            (Actors.Common.PersistenceIds.Account(forged), new AccountOpened(forged, RequestId.New(), s.Now)),
            (Actors.Common.PersistenceIds.Account(forged), new FundsDeposited(forged, RequestId.New(), decimal.MaxValue, s.Now)),
        ]);

        var ledger = AuditedJournal.Of(journal);

        Assert.Contains(ledger.Violations, v => v.Rule == "books" && v.Expected.Contains("within decimal's range"));
        Assert.DoesNotContain(ledger.Violations, v => v.Rule == "unreadable");
        // The report's totals are still made.
        Assert.Equal(decimal.MaxValue, ledger.Totals().Deposits);
    }

    [Fact]
    public void A_shortfall_order_with_its_shares_nulled_is_named()
    {
        var s = Story();
        var deposit = s.X.Journal.First(e => e.Event is FundsDeposited);
        var journal = AuditedJournal.Edited(s, e => e);
        journal.Add((deposit.PersistenceId,
            new AccountShortfallOrdered(((FundsDeposited)deposit.Event).AccountId, 1, 1, 100m, null!, [], s.Now)));

        var ledger = AuditedJournal.Of(journal);

        Assert.Contains(ledger.Violations, v => v.Rule == "unreadable" && v.Found.Contains(nameof(AccountShortfallOrdered)));
    }
}
