using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// The indexes an open's interest runs from, and the protocol's share of its fee, are the pool's at
/// the open: an index recorded at the close's value owed no interest and passed every rule, because
/// the settlement is recomputed from the position's own terms and only positions still open at the
/// audit's end were compared with the pool (a review's finding).
/// </summary>
public class OpenIndexAuditSpecs
{
    private static ExchangeStory HeldADay()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 20_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.Advance(TimeSpan.FromDays(1));
        s.PriceIs(2_000m);
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new ClosePosition(p, trader, RequestId.New(), s.Price(), s.Now)));
        return s;
    }

    [Fact]
    public void A_position_held_a_day_audits_clean()
    {
        Assert.Empty(AuditedJournal.Of(HeldADay().X.Journal).Violations);
    }

    [Fact]
    public void A_reservation_recorded_at_another_borrow_index_or_protocol_fee_is_caught()
    {
        var s = HeldADay();

        var index = AuditedJournal.Of(AuditedJournal.Edited(s, e => e is LiquidityReserved r ? r with { BorrowIndex = r.BorrowIndex * 1.0001m } : e));
        var fee = AuditedJournal.Of(AuditedJournal.Edited(s, e => e is LiquidityReserved r ? r with { ProtocolFee = r.OpenFee } : e));

        Assert.Contains(index.Violations, v => v.Rule == "borrow-index" && v.Entity == "pool-ETH-USD");
        Assert.Contains(fee.Violations, v => v.Rule == "borrow-index" && v.Entity == "pool-ETH-USD");
    }

    [Fact]
    public void An_open_closed_before_the_end_recorded_at_another_index_than_the_pools_is_caught()
    {
        var s = HeldADay();
        var closing = s.Pool().BorrowIndex;

        var journal = AuditedJournal.Edited(s, e => e is PositionOpened o ? o with { BorrowIndex = closing } : e);

        var violation = Assert.Single(AuditedJournal.Of(journal).Violations, v => v.Rule == "reservation-agrees");
        Assert.StartsWith("position-", violation.Entity);
    }
    [Fact]
    public void An_open_recorded_at_ten_times_its_quantity_or_without_its_fee_is_caught()
    {
        var s = HeldADay();

        var quantity = AuditedJournal.Of(AuditedJournal.Edited(s, e => e is PositionOpenRequested o ? o with { Quantity = o.Quantity * 10 } : e));
        var fee = AuditedJournal.Of(AuditedJournal.Edited(s, e => e is PositionOpenRequested o ? o with { OpenFee = 0m } : e));

        Assert.Contains(quantity.Violations, v => v.Rule == "open-terms" && v.Entity.StartsWith("position-"));
        Assert.Contains(fee.Violations, v => v.Rule == "open-terms" && v.Entity.StartsWith("position-"));
    }
}
