using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// A journal whose event its entity's history cannot take (a settlement of a position the pool never
/// reserved) stopped the audit with an exception and no report (a review's finding): it is a finding
/// now, and the audit reads on to the end.
/// </summary>
public class InconsistentEventAuditSpecs
{
    [Fact]
    public void A_settlement_of_a_position_the_pool_never_reserved_is_reported_not_thrown()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 20_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.PriceIs(2_030m);
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new ClosePosition(p, trader, RequestId.New(), s.Price(), s.Now)));
        var journal = s.X.Journal.Where(e => e.Event is not LiquidityReserved).Select(e => (e.PersistenceId, e.Event)).ToList();

        var ledger = AuditedJournal.Of(journal);

        var violation = Assert.Single(ledger.Violations, v => v.Rule == "inconsistent");
        Assert.StartsWith(nameof(PositionSettled), violation.Found);
        Assert.Equal("pool-ETH-USD", violation.Entity);
    }
}
