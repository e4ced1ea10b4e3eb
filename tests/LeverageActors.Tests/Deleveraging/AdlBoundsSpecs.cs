using CsCheck;
using LeverageActors.Actors.Deleveraging;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Deleveraging;

/// <summary>
/// The deleverager skips its scan of every open position when <see cref="AdlBounds"/> decides a
/// price alone (issue 22: at 100,000 positions the scan, twice a second, was the node's largest
/// single cost). Each claim the bounds make is checked here against the scan itself on random books
/// that change under them (opens, collateral moves, partial and full closes): never a round missed.
/// </summary>
public class AdlBoundsSpecs
{
    private static readonly MarketParameters Parameters = new();

    /// <summary>Side, quantity (thousandths), entry, collateral and reserved (cents), one in ten still opening.</summary>
    private static readonly Gen<RiskPosition> PositionGen =
        Gen.Select(Gen.Bool, Gen.Int[1, 50_000], Gen.Int[500, 4_000], Gen.Int[0, 2_000_000], Gen.Int[0, 5_000_000], Gen.Int[0, 9])
            .Select(t => new RiskPosition(PositionId.New(), t.Item6 == 0 ? PositionStatus.Opening : PositionStatus.Open,
                t.Item1 ? PositionSide.Long : PositionSide.Short, t.Item2 / 1_000m, t.Item3 + 0.37m, t.Item4 / 100m, t.Item5 / 100m, 1m, Parameters));

    [Fact]
    public void Whatever_the_bounds_claim_the_scan_confirms_on_books_that_change()
    {
        Gen.Select(PositionGen.List[0, 60], Gen.Int[0, 59].List[0, 20], Gen.Int[100, 8_000], Gen.Int[1, 100])
            .Sample(t =>
            {
                var (opened, changed, priceCents, triggerPercent) = t;
                var bounds = new AdlBounds();
                var book = new Dictionary<PositionId, RiskPosition>();
                foreach (var p in opened)
                {
                    bounds.Replace(null, p);
                    book[p.Id] = p;
                }

                // Changes as the journal brings them: a collateral move, a partial close, a full close.
                var ids = book.Keys.ToList();
                foreach (var pick in changed.Where(_ => ids.Count > 0))
                {
                    var id = ids[pick % ids.Count];
                    if (!book.TryGetValue(id, out var before))
                        continue;
                    RiskPosition? after = (pick % 3) switch
                    {
                        0 => before with { Collateral = before.Collateral / 2 },
                        1 => before with { Quantity = before.Quantity / 3, Reserved = before.Reserved / 3, Collateral = before.Collateral / 3 },
                        _ => before with { Status = PositionStatus.Closed },
                    };
                    bounds.Replace(before, after);
                    if (after.IsLive)
                        book[id] = after;
                    else
                        book.Remove(id);
                }

                var price = priceCents / 10m;
                var open = book.Values.Where(p => p.Status == PositionStatus.Open).ToList();
                var net = open.Sum(p => AdlMath.Pnl(p.Side, p.Quantity, p.EntryPrice, p.Collateral, p.Reserved, price));
                var shortfall = open.Sum(p => Math.Max(0, -SettlementMath.RawPnl(p.Side, p.Quantity, p.EntryPrice, price) - p.Collateral));
                if (bounds.NoneUnderwater(price))
                    Assert.Equal(0m, shortfall);
                // A large pool, and pools just too small and just large enough for the book's net PnL at the trigger.
                var trigger = triggerPercent / 100m;
                decimal[] pools = net > 0 ? [100_000m, net / trigger * 0.9999m, net / trigger * 1.0001m] : [100_000m];
                foreach (var poolValue in pools)
                    if (bounds.BelowTrigger(price, poolValue, trigger))
                        Assert.True(AdlMath.Factor(net, poolValue) <= trigger, $"factor {net / poolValue} above {trigger} though bounded");
            }, iter: 2_000);
    }

    [Fact]
    public void A_calm_book_is_decided_without_the_scan_and_a_stressed_one_is_not()
    {
        var bounds = new AdlBounds();
        // 1,000 longs and 1,000 shorts at 5x around 2,000, each reserving up to 900% of its collateral.
        for (var i = 0; i < 1_000; i++)
        {
            bounds.Replace(null, Open(PositionSide.Long, 1m, 1_990m + i % 20, 400m, 3_600m));
            bounds.Replace(null, Open(PositionSide.Short, 1m, 1_990m + i % 20, 400m, 3_600m));
        }

        // Calm: nobody past bankruptcy (longs near 1,600, shorts near 2,400), the sides net out.
        Assert.True(bounds.NoneUnderwater(2_000m));
        Assert.True(bounds.BelowTrigger(2_000m, 1_000_000m, 0.45m));

        // A crash through the longs' bankruptcy prices: the shortfall needs the scan.
        Assert.False(bounds.NoneUnderwater(1_500m));
        // A pool too small for the book's reservations and a price the shorts are bankrupt at: the scan decides.
        Assert.False(bounds.BelowTrigger(2_500m, 1_000m, 0.45m));
    }

    [Fact]
    public void A_position_closed_leaves_nothing_behind_in_the_bounds()
    {
        var bounds = new AdlBounds();
        var underwater = Open(PositionSide.Long, 1m, 2_000m, 100m, 1_000m);
        bounds.Replace(null, underwater);
        Assert.False(bounds.NoneUnderwater(1_800m));

        bounds.Replace(underwater, underwater with { Status = PositionStatus.Liquidated });

        Assert.True(bounds.NoneUnderwater(1_800m));
        Assert.True(bounds.BelowTrigger(1_800m, 1m, 0.01m));
    }

    [Fact]
    public void Sums_past_the_decimal_range_hand_every_decision_to_the_scan()
    {
        var bounds = new AdlBounds();
        bounds.Replace(null, Open(PositionSide.Long, 1m, 2_000m, 400m, 3_600m));
        Assert.True(bounds.NoneUnderwater(2_000m));

        bounds.Replace(null, Open(PositionSide.Long, decimal.MaxValue / 2, 1_000m, 1m, 1m));

        Assert.False(bounds.NoneUnderwater(2_000m));
        Assert.False(bounds.BelowTrigger(2_000m, decimal.MaxValue, 0.99m));
    }

    private static RiskPosition Open(PositionSide side, decimal quantity, decimal entry, decimal collateral, decimal reserved) =>
        new(PositionId.New(), PositionStatus.Open, side, quantity, entry, collateral, reserved, 1m, Parameters);
}
