using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Pools;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// The audit folds each pool's funding indexes from its events and decides every settlement's
/// funding again from the position's index at open: an honest journal passes, an edited funding
/// amount or index at open is found.
/// </summary>
public class FundingAuditSpecs
{
    private static List<(string PersistenceId, ILeverageEvent Event)> Story()
    {
        var s = new ExchangeStory(FundingSpecs.WithFunding());
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var a = s.Funded("a", 20_000m);
        var b = s.Funded("b", 20_000m);
        var along = s.Opens(a, PositionSide.Long, 6_000m, 10m);
        var bshort = s.Opens(b, PositionSide.Short, 2_000m, 10m);
        s.Advance(TimeSpan.FromHours(1));
        s.PriceIs(2_000m);
        var later = s.Opens(a, PositionSide.Long, 2_000m, 10m);
        s.Advance(TimeSpan.FromHours(1));
        s.PriceIs(2_000m);
        foreach (var (id, owner) in new[] { (along, a), (bshort, b), (later, a) })
            s.X.Send(new ClosePosition(id, owner, RequestId.New(), 2_000m, s.Now));
        s.BooksBalance();
        return [.. s.X.Journal];
    }

    [Fact]
    public void An_honest_journal_with_funding_passes()
    {
        var journal = Story();
        Assert.Contains(journal, j => j.Event is LiquidityReserved { FundingIndex: 0.000018m });
        Assert.Contains(journal, j => j.Event is PositionSettled { Settlement.Funding: 2.376m });
        Assert.Contains(journal, j => j.Event is PositionSettled { Settlement.Funding: -2.808m });
        Assert.Empty(FundingSpecs.Audit(journal).Violations);
    }

    [Fact]
    public void An_edited_funding_amount_is_found()
    {
        // The shorts' receipt raised from 2.808 to 12.808 and taken from what the pool received, so the books alone still balance.
        var journal = Story()
            .Select(j => j.Event is PositionSettled { Settlement.Funding: -2.808m } e
                ? (j.PersistenceId, (ILeverageEvent)(e with { Settlement = e.Settlement with { ToPool = e.Settlement.ToPool - 10m, Payout = e.Settlement.Payout + 10m, Funding = -12.808m } }))
                : j)
            .ToList();

        var violations = FundingSpecs.Audit(journal).Violations;

        Assert.Contains(violations, v => v.Rule == "settlement");
    }

    [Fact]
    public void An_edited_index_at_open_is_found()
    {
        // The later long claims to have opened at index 0.00003, owing less.
        var journal = Story()
            .Select(j => j.Event is LiquidityReserved { FundingIndex: 0.000018m } r ? (j.PersistenceId, (ILeverageEvent)(r with { FundingIndex = 0.00003m })) : j)
            .ToList();

        var violations = FundingSpecs.Audit(journal).Violations;

        Assert.Contains(violations, v => v.Rule == "funding");
    }
}
