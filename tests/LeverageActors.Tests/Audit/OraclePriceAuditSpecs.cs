using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// Every price the audit proves an execution or a liquidation with ends at the oracle's accepted
/// prices, so each is recomputed from the reports in force: a row whose price no quorum of reports
/// made (and the opens and closes at it) passed every rule, and so did a price numbered out of turn,
/// which the audit's index of prices took in place of the one it repeated (a review's finding).
/// </summary>
public class OraclePriceAuditSpecs
{
    private static ExchangeStory Traded()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 20_000m);
        s.PriceIs(2_010m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.PriceIs(2_030m);
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new ClosePosition(p, trader, RequestId.New(), s.Price(), s.Now)));
        return s;
    }

    [Fact]
    public void Prices_the_reports_made_audit_clean()
    {
        Assert.Empty(AuditedJournal.Of(Traded().X.Journal).Violations);
    }

    [Fact]
    public void A_price_no_quorum_of_reports_made_is_caught_with_everything_proven_by_it()
    {
        var s = Traded();
        // The price row alone edited: a forger would edit the close at it too, which this price then proves.
        var journal = AuditedJournal.Edited(s, e => e is PriceAccepted { Price: 2_030m } a ? a with { Price = 2_130m } : e);

        // The tick's second and third reports each made a price at 2,030: both rows are named.
        var violations = AuditedJournal.Of(journal).Violations.Where(v => v.Rule == "oracle-inputs").ToList();

        Assert.Equal(s.X.Journal.Count(e => e.Event is PriceAccepted { Price: 2_030m }), violations.Count);
        Assert.All(violations, v => Assert.Equal(("at 2030", "at 2130"), (v.Expected.Split(',')[0][^7..], v.Found[^7..])));
    }

    /// <summary>
    /// A read-only review (oracle): the audit recomputed each price from the reports in force but never
    /// asked whether the oracle would have recorded them, so reports of a source nobody configured (a
    /// majority of invented ones), or one stale when it arrived, made prices that passed.
    /// </summary>
    [Fact]
    public void A_report_the_oracle_would_have_ignored_is_caught()
    {
        var s = Traded();
        var invented = AuditedJournal.Edited(s, e => e is PriceReported { Source: "source-c" } r ? r with { Source = "source-z" } : e);
        var stale = AuditedJournal.Edited(s, e => e is PriceReported { Source: "source-c" } r ? r with { ObservedAt = r.At.AddMinutes(-2) } : e);
        var negative = AuditedJournal.Edited(s, e => e is PriceReported { Source: "source-c" } r ? r with { Price = -r.Price } : e);

        Assert.Contains(AuditedJournal.Of(invented).Violations, v => v.Rule == "oracle-inputs" && v.Found.StartsWith("source-z's"));
        Assert.Contains(AuditedJournal.Of(stale).Violations, v => v.Rule == "oracle-inputs" && v.Found.StartsWith("source-c's"));
        Assert.Contains(AuditedJournal.Of(negative).Violations, v => v.Rule == "oracle-inputs" && v.Found.StartsWith("source-c's -"));
    }

    [Fact]
    public void A_price_numbered_out_of_turn_is_caught()
    {
        var s = Traded();
        var last = s.Oracle().Sequence;
        var journal = AuditedJournal.Edited(s, e => e is PriceAccepted a && a.Sequence == last ? a with { Sequence = last - 1 } : e);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "oracle-inputs" && v.Found.StartsWith($"#{last - 1} "));
    }
}
