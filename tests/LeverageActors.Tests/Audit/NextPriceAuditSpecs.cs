using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// The next-price rule: a recorded execution acts at a price numbered after its request's, and that
/// number's accepted price is the event's. An open executed at 2,010 (price #5, requested at #3) and
/// an LP deposit at #8 audit clean; a row edited to act at its request's own price, or to another
/// price than its number's, is caught, and so is one whose price was accepted before its request.
/// </summary>
public class NextPriceAuditSpecs
{
    private static (ExchangeStory S, PositionId P, long Requested) Executed()
    {
        var (s, trader) = PoolAt2000();
        var requested = s.Oracle().Sequence;
        s.PriceIs(2_010m);
        var p = PositionId.New();
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new OpenPosition(p, trader, RequestId.New(), ExchangeStory.Eth, PositionSide.Long,
            1_000m, 10m, s.Price(), s.Now) { Execution = new(s.Now, requested, s.Oracle().Sequence) }));
        var lp = s.Funded("late-lp", 10_000m);
        var deposit = s.Oracle().Sequence;
        s.PriceIs(2_020m);
        Assert.IsType<LiquidityRequestCompleted>(s.X.Send(new ProvideLiquidity(lp, RequestId.New(), ExchangeStory.Eth, 10_000m, s.Price(), s.Now)
            { Execution = new(s.Now, deposit, s.Oracle().Sequence) }));
        return (s, p, requested);
    }

    /// <summary>Every source at 2,000, a pool of 1,000,000 and a trader with 20,000.</summary>
    private static (ExchangeStory S, AccountId Trader) PoolAt2000()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        return (s, s.Funded("trader", 20_000m));
    }

    [Fact]
    public void Executions_at_the_next_price_audit_clean()
    {
        Assert.Empty(AuditedJournal.Of(Executed().S.X.Journal).Violations);
    }

    [Fact]
    public void An_open_edited_to_execute_at_its_requests_own_price_is_caught()
    {
        var (s, p, requested) = Executed();
        var journal = AuditedJournal.Edited(s, e => e is PositionOpenRequested o ? o with { EntryPrice = 2_000m, Execution = o.Execution! with { PriceSequence = requested } } : e);
        var violation = Assert.Single(AuditedJournal.Of(journal).Violations, v => v.Rule == "next-price");
        Assert.Equal($"position-{p}", violation.Entity);
        Assert.Equal($"#{requested}", violation.Found);
    }

    /// <summary>
    /// Both numbers shifted back together stay in order and name a real price: a node filling a
    /// request at the best price of the last minute must still be caught, by when that price was
    /// accepted.
    /// </summary>
    [Fact]
    public void An_open_executed_at_a_price_accepted_before_its_request_is_caught()
    {
        var (s, trader) = PoolAt2000();
        var before = s.Oracle().Sequence;
        s.Advance(TimeSpan.FromSeconds(10));
        var dip = s.PriceIs(1_950m);
        s.Advance(TimeSpan.FromSeconds(10));
        s.PriceIs(2_050m);
        s.Advance(TimeSpan.FromSeconds(1));

        // Requested now, 11 s after the dip: a long filled at the dip, numbered as if asked before it.
        var p = PositionId.New();
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new OpenPosition(p, trader, RequestId.New(), ExchangeStory.Eth, PositionSide.Long,
            1_000m, 10m, 1_950m, s.Now) { Execution = new(s.Now, before, dip) }));

        var violation = Assert.Single(AuditedJournal.Of(s.X.Journal).Violations, v => v.Rule == "next-price");
        Assert.Equal($"position-{p}", violation.Entity);
        Assert.StartsWith($"#{dip} accepted at", violation.Found);
    }

    [Fact]
    public void An_open_edited_to_a_price_its_execution_number_did_not_give_is_caught()
    {
        var (s, p, _) = Executed();
        // 2,000 is an accepted price, fresh at the open: only the execution's number proves it wrong.
        var journal = AuditedJournal.Edited(s, e => e is PositionOpenRequested o ? o with { EntryPrice = 2_000m } : e);
        var violation = Assert.Single(AuditedJournal.Of(journal).Violations, v => v.Rule == "next-price");
        Assert.Equal($"position-{p}", violation.Entity);
        Assert.Equal("2000", violation.Found);
    }

    [Fact]
    public void An_LP_deposit_edited_to_an_earlier_price_number_is_caught()
    {
        var (s, _, _) = Executed();
        var journal = AuditedJournal.Edited(s, e => e is PoolDepositStarted { Execution: { } x } d ? d with { Execution = x with { PriceSequence = x.RequestSequence } } : e);
        var violation = Assert.Single(AuditedJournal.Of(journal).Violations, v => v.Rule == "next-price");
        Assert.Equal("account-late-lp", violation.Entity);
    }

    [Fact]
    public void The_pools_record_of_an_LP_deposit_edited_to_an_earlier_price_number_is_caught()
    {
        var (s, _, _) = Executed();
        var journal = AuditedJournal.Edited(s, e => e is Messages.Pools.LiquidityAdded { Execution: { } x } a ? a with { Execution = x with { PriceSequence = x.RequestSequence - 1 } } : e);
        var violation = Assert.Single(AuditedJournal.Of(journal).Violations, v => v.Rule == "next-price");
        Assert.Equal("pool-ETH-USD", violation.Entity);
    }
    /// <summary>
    /// With three sources and a quorum of two, the first report after a request makes a price of
    /// itself and two reports from before the request: the old price. An open executed there is
    /// caught, and so is the price's record edited to claim a quorum after the request.
    /// </summary>
    [Fact]
    public void An_open_executed_at_a_price_made_of_reports_from_before_its_request_is_caught()
    {
        var (s, trader) = PoolAt2000();
        var requested = s.Oracle().Sequence;
        s.X.Send(new Messages.Oracles.ReportPrice(ExchangeStory.Eth, "source-a", 2_010m, s.Now, s.Now));
        Assert.Equal(2_000m, s.Price());
        Assert.True(s.Oracle().Recent.Last().Since < requested);
        var p = PositionId.New();
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new OpenPosition(p, trader, RequestId.New(), ExchangeStory.Eth, PositionSide.Long,
            1_000m, 10m, s.Price(), s.Now) { Execution = new(s.Now, requested, s.Oracle().Sequence) }));

        var violation = Assert.Single(AuditedJournal.Of(s.X.Journal).Violations);
        Assert.Equal(("next-price", $"position-{p}"), (violation.Rule, violation.Entity));

        var edited = AuditedJournal.Edited(s, e => e is Messages.Oracles.PriceAccepted a && a.Sequence == requested + 1 ? a with { Since = requested } : e);
        Assert.Contains(AuditedJournal.Of(edited).Violations, v => v.Rule == "oracle-inputs");
        var late = AuditedJournal.Edited(s, e => e is Messages.Oracles.PriceReported { Source: "source-a" } r && r.Price == 2_010m ? r with { AfterPrice = requested + 5 } : e);
        Assert.Contains(AuditedJournal.Of(late).Violations, v => v.Rule == "oracle-inputs");
    }

    /// <summary>
    /// A lagging source's report arrives after a request but tells a price observed before it: counted
    /// from its arrival, it made the old price the request's next one (found by a read-only review).
    /// It counts from its observation: the price it helps make is no next price for the request, the
    /// next honest report makes one, and a journal edited to count it from its arrival is caught.
    /// </summary>
    [Fact]
    public void A_lagging_sources_report_observed_before_a_request_makes_no_next_price_for_it()
    {
        var (s, trader) = PoolAt2000();
        var observedBefore = s.Now;
        s.Advance(TimeSpan.FromSeconds(1));
        s.PriceIs(2_000m);
        var requested = s.Oracle().Sequence;
        s.Advance(TimeSpan.FromSeconds(1));
        s.X.Send(new Messages.Oracles.ReportPrice(ExchangeStory.Eth, "source-a", 2_030m, s.Now, s.Now));
        s.X.Send(new Messages.Oracles.ReportPrice(ExchangeStory.Eth, "source-b", 2_000m, observedBefore, s.Now));

        Assert.Equal(2_000m, s.Price());
        Assert.True(s.Oracle().Recent.Last().Since < requested, $"price #{s.Oracle().Sequence} counts as after #{s.Oracle().Recent.Last().Since}");
        var p = PositionId.New();
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new OpenPosition(p, trader, RequestId.New(), ExchangeStory.Eth, PositionSide.Long,
            1_000m, 10m, s.Price(), s.Now) { Execution = new(s.Now, requested, s.Oracle().Sequence) }));
        var violation = Assert.Single(AuditedJournal.Of(s.X.Journal).Violations);
        Assert.Equal(("next-price", $"position-{p}"), (violation.Rule, violation.Entity));

        var lagging = AuditedJournal.Edited(s, e => e is Messages.Oracles.PriceReported { Source: "source-b" } r && r.ObservedAt == observedBefore && r.At == s.Now
            ? r with { AfterPrice = requested + 1 } : e);
        Assert.Contains(AuditedJournal.Of(lagging).Violations, v => v.Rule == "oracle-inputs");
        var unmarked = AuditedJournal.Edited(s, e => e is Messages.Oracles.PriceReported { Source: "source-b" } r && r.ObservedAt == observedBefore && r.At == s.Now
            ? r with { AfterPrice = requested + 1, ByObservation = false } : e);
        Assert.Contains(AuditedJournal.Of(unmarked).Violations, v => v.Rule == "oracle-inputs");

        s.X.Send(new Messages.Oracles.ReportPrice(ExchangeStory.Eth, "source-c", 2_030m, s.Now, s.Now));
        Assert.True(s.Oracle().Recent.Last().Since >= requested);
        Assert.Equal(2_030m, s.Price());
    }

    /// <summary>
    /// A source with its own key repeats the old price just after a request and an honest one reports
    /// the move: the median with the third source's report from before the request is the old price, two
    /// of its three reports after the request (found by a read-only review). An open executed there is
    /// caught; so is the price's record edited to claim its reports after the request. (Struck out, it reads
    /// as a row of an older node, judged by its quorum: an edit the hash chains name, not this rule.)
    /// </summary>
    [Fact]
    public void An_open_executed_at_a_price_one_of_whose_reports_came_before_its_request_is_caught()
    {
        var (s, trader) = PoolAt2000();
        var requested = s.Oracle().Sequence;
        s.X.Send(new Messages.Oracles.ReportPrice(ExchangeStory.Eth, "source-a", 2_000m, s.Now, s.Now));
        s.X.Send(new Messages.Oracles.ReportPrice(ExchangeStory.Eth, "source-b", 2_030m, s.Now, s.Now));
        var old = s.Oracle().Recent.Last();
        Assert.Equal((2_000m, true, true), (old.Price, old.Since >= requested, old.AllAfter < requested));
        var p = PositionId.New();
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new OpenPosition(p, trader, RequestId.New(), ExchangeStory.Eth, PositionSide.Long,
            1_000m, 10m, s.Price(), s.Now) { Execution = new(s.Now, requested, old.Sequence) }));

        var violation = Assert.Single(AuditedJournal.Of(s.X.Journal).Violations);
        Assert.Equal(("next-price", $"position-{p}"), (violation.Rule, violation.Entity));
        var claimed = AuditedJournal.Edited(s, e => e is Messages.Oracles.PriceAccepted a && a.Sequence == old.Sequence ? a with { AllAfter = requested } : e);
        Assert.Contains(AuditedJournal.Of(claimed).Violations, v => v.Rule == "oracle-inputs");

        s.X.Send(new Messages.Oracles.ReportPrice(ExchangeStory.Eth, "source-c", 2_030m, s.Now, s.Now));
        Assert.Equal((2_030m, true), (s.Price(), s.Oracle().Recent.Last().AllAfter >= requested));
    }
}
