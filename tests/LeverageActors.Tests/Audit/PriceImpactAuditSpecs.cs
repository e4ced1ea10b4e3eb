using LeverageActors.Actors.Audit;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Pools;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// The audit decides every price impact again from the open interest the pool's books held and the
/// market's parameters: an honest journal passes, an edited impact (an open's or a close's) is found.
/// </summary>
public class PriceImpactAuditSpecs
{
    private static List<(string PersistenceId, ILeverageEvent Event)> Story()
    {
        var s = new ExchangeStory(PriceImpactSpecs.WithImpact());
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var a = s.Funded("a", 20_000m);
        var b = s.Funded("b", 20_000m);
        var along = s.Opens(a, PositionSide.Long, 10_000m, 10m);
        var bshort = s.Opens(b, PositionSide.Short, 5_000m, 10m);
        s.X.Send(new ClosePosition(along, a, RequestId.New(), 2_000m, s.Now));
        s.X.Send(new ClosePosition(bshort, b, RequestId.New(), 2_000m, s.Now));
        Assert.Equal(62.5m, s.Pool().ImpactPool);
        return [.. s.X.Journal];
    }

    private static AuditLedger Audit(IEnumerable<(string, ILeverageEvent)> journal)
    {
        var ledger = new AuditLedger(PriceImpactSpecs.WithImpact());
        foreach (var row in JournalRows.Of(journal))
            ledger.Read(row);
        ledger.Finish();
        return ledger;
    }

    [Fact]
    public void An_honest_journal_with_impact_passes()
    {
        var journal = Story();
        Assert.Contains(journal, j => j.Event is LiquidityReserved { Impact: 100m });
        Assert.Contains(journal, j => j.Event is PositionSettled { Settlement.Impact: -50m });
        Assert.Empty(Audit(journal).Violations);
    }

    [Fact]
    public void An_edited_open_impact_is_found()
    {
        var journal = Story()
            .Select(j => j.Event is LiquidityReserved { Impact: 100m } r ? (j.PersistenceId, (ILeverageEvent)(r with { Impact = 10m })) : j)
            .ToList();

        var violations = Audit(journal).Violations;

        Assert.Contains(violations, v => v.Rule == "impact");
    }

    [Fact]
    public void An_edited_settled_impact_is_found()
    {
        // The rebate raised from 50 to 60 and taken from what the pool received, so the books alone still balance.
        var journal = Story()
            .Select(j => j.Event is PositionSettled { Settlement.Impact: -50m } e
                ? (j.PersistenceId, (ILeverageEvent)(e with { Settlement = e.Settlement with { ToPool = e.Settlement.ToPool + 10m, Impact = -60m } }))
                : j)
            .ToList();

        var violations = Audit(journal).Violations;

        Assert.Contains(violations, v => v.Rule == "settlement");
    }
}
