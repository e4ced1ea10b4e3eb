using System.Globalization;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// A pool covering a liquidated cross account's shortfall (issue 16 item 3): the insurance fund pays
/// first, then the LPs, whose loss lowers the pool's value as bad debt does; the answer goes to the
/// account; a repeated request pays nothing more. The money leaves the pool's books exactly: the only
/// difference in the exchange's books is the amount on its way to the account, which the account's
/// side of the liquidation credits.
/// </summary>
public sealed class ShortfallCoverSpecs
{
    private static readonly AccountId Debtor = AccountId.From("debtor");

    /// <summary>A pool of 1,000,000 whose insurance fund holds 11.25: half the penalty of a cross long of 2.5 ETH liquidated at 1,800.</summary>
    private static ExchangeStory Insured()
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        s.PriceIs(2_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 1_000m);
        var id = Assert.IsType<PositionCommandAccepted>(s.X.Send(new OpenPosition(PositionId.New(), trader, RequestId.New(), ExchangeStory.Eth,
            PositionSide.Long, 500m, 10m, s.Price(), s.Now) { Cross = true, Marks = [new MarketMark(ExchangeStory.Eth, 2_000m, s.Oracle().Sequence, 1m)] })).PositionId;
        s.PriceIs(1_800m);
        s.X.Send(new OpenAccount(AccountId.From("keeper"), RequestId.New(), s.Now));
        s.X.Send(new LiquidateCrossPosition(id, trader, 1, TransferId.From("trader.l1"), 1m,
            new MarketMark(ExchangeStory.Eth, 1_800m, s.Oracle().Sequence, s.Pool().AccruedTo(s.Now).BorrowIndex), AccountId.From("keeper"), s.Now));
        Assert.Equal(11.25m, s.Pool().InsuranceFund);
        s.BooksBalance();
        return s;
    }

    [Fact]
    public void A_shortfall_the_insurance_fund_holds_is_paid_from_it_alone()
    {
        var s = Insured();
        var (assets, value, badDebt) = (s.Pool().Assets, s.Pool().Value(s.Price()), s.Pool().BadDebt);

        var decided = s.Pool().AccruedTo(s.Now).Handle(Cover(s, "c1", 5m));

        // The answer goes to the account, whose liquidation it moves on, not to whoever asked.
        Assert.Equal(EntityKinds.Account.At(Debtor), decided.ReplyTo);
        Assert.Equal(new AccountShortfallPaid(ExchangeStory.Eth, Debtor, Transfer("c1"), 5m, 5m, 0m, s.Now), Assert.Single(decided.Events));

        s.X.Send(Cover(s, "c1", 5m));
        Assert.Equal(new AccountShortfallCovered(ExchangeStory.Eth, Debtor, Transfer("c1"), 5m, 5m, 0m), s.Pool().Covers.Answers[Transfer("c1")]);
        Assert.Equal(6.25m, s.Pool().InsuranceFund);
        Assert.Equal((assets, value, badDebt), (s.Pool().Assets, s.Pool().Value(s.Price()), s.Pool().BadDebt));
        Assert.Equal(-5m, Unbooked(s));
    }

    [Fact]
    public void A_shortfall_beyond_the_insurance_fund_is_the_LPs_loss()
    {
        var s = Insured();
        var (assets, value, badDebt) = (s.Pool().Assets, s.Pool().Value(s.Price()), s.Pool().BadDebt);

        s.X.Send(Cover(s, "c1", 20m));

        // 11.25 from insurance, 8.75 from the LPs: the pool's assets, value and bad debt move by it.
        Assert.Equal(new AccountShortfallCovered(ExchangeStory.Eth, Debtor, Transfer("c1"), 20m, 11.25m, 8.75m), s.Pool().Covers.Answers[Transfer("c1")]);
        Assert.Equal(0m, s.Pool().InsuranceFund);
        Assert.Equal(assets - 8.75m, s.Pool().Assets);
        Assert.Equal(value - 8.75m, s.Pool().Value(s.Price()));
        Assert.Equal(badDebt + 8.75m, s.Pool().BadDebt);
        Assert.Equal(-20m, Unbooked(s));

        // The pool's own record of what it paid is decided again by the audit, and an edited one is caught.
        // Asked here without an account's liquidation: the books and the cover's and the closure's missing orders are the only findings.
        Assert.All(AuditedJournal.Of(s.X.Journal).Violations, v => Assert.Contains(v.Rule, new[] { "books", "shortfall-cover", "cross-liquidation-order" }));
        var edited = s.X.Journal
            .Select(r => r.Event is AccountShortfallPaid e ? (r.PersistenceId, (Messages.ILeverageEvent)(e with { FromLiquidity = 9.75m })) : r)
            .ToList();
        Assert.Contains(AuditedJournal.Of(edited).Violations, v => v.Rule == "lp-shares");
    }

    [Fact]
    public void A_repeated_cover_pays_nothing_more_and_answers_the_same()
    {
        var s = Insured();
        s.X.Send(Cover(s, "c1", 20m));
        var rows = s.X.Journal.Count;
        var (assets, insurance) = (s.Pool().Assets, s.Pool().InsuranceFund);

        var again = s.Pool().AccruedTo(s.Now).Handle(Cover(s, "c1", 20m));
        Assert.Empty(again.Events);
        Assert.Equal(EntityKinds.Account.At(Debtor), again.ReplyTo);
        Assert.Equal(new AccountShortfallCovered(ExchangeStory.Eth, Debtor, Transfer("c1"), 20m, 11.25m, 8.75m), again.Reply!(s.Pool()));

        s.X.Send(Cover(s, "c1", 20m));
        Assert.Equal(rows, s.X.Journal.Count);
        Assert.Equal((assets, insurance), (s.Pool().Assets, s.Pool().InsuranceFund));
        Assert.Equal(-20m, Unbooked(s));
    }

    [Fact]
    public void The_LPs_pay_no_more_than_the_unreserved_liquidity_and_a_malformed_request_is_refused()
    {
        var s = Insured();
        var free = s.Pool().Assets - s.Pool().Reserved;

        s.X.Send(Cover(s, "c1", free + 1_000m));
        var paid = s.Pool().Covers.Answers[Transfer("c1")];
        Assert.Equal((11.25m, free), (paid.FromInsurance, paid.FromLiquidity));
        Assert.Equal(s.Pool().Reserved, s.Pool().Assets);

        var refused = Assert.IsType<PoolCommandRejected>(s.X.Send(Cover(s, "c2", -1m)));
        Assert.Equal(RejectionCodes.InvalidAmount, refused.Reason.Code);
        Assert.False(s.Pool().Covers.Answers.ContainsKey(Transfer("c2")));
    }

    private static CoverAccountShortfall Cover(ExchangeStory s, string transfer, decimal amount) =>
        new(ExchangeStory.Eth, Debtor, Transfer(transfer), amount, s.Now);

    private static TransferId Transfer(string name) => TransferId.From($"debtor.shortfall.{name}");

    /// <summary>
    /// The exchange's only imbalance: what the pool paid and the account has yet to book (the account's
    /// side of the liquidation credits it). Any other violation fails here.
    /// </summary>
    private static decimal Unbooked(ExchangeStory s)
    {
        var violation = Assert.Single(s.X.CheckInvariants(s.Now));
        Assert.StartsWith("conservation:", violation);
        const string marker = "(difference ";
        var start = violation.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return decimal.Parse(violation[start..violation.IndexOf(')', start)], CultureInfo.InvariantCulture);
    }
}
