using LeverageActors.Actors.Risk.Cross;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// Which markets the cross-account watcher names halted: those whose price came inside a circuit
/// breaker's halt, whatever the clock says when it checks. A review: compared with the check's time,
/// a wick accepted a second before the halt's end was sold at a second after it.
/// </summary>
public sealed class CrossMarksSpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_price_that_came_inside_a_halt_stays_halted_until_a_price_after_it_takes_its_place()
    {
        var marks = new CrossMarks(new Dictionary<MarketId, TimeSpan> { [Eth] = TimeSpan.FromMinutes(1) });
        var until = T0.AddMinutes(15);

        marks.Take(new PriceUpdated(Eth, 1_650m, until.AddSeconds(-1), 40) { HaltedUntil = until });
        Assert.Equal([Eth], marks.Halted(until.AddSeconds(1))!);
        // Stale, it marks nothing at all.
        Assert.Null(marks.Halted(until.AddMinutes(2)));

        marks.Take(new PriceUpdated(Eth, 2_000m, until.AddSeconds(1), 41));
        Assert.Null(marks.Halted(until.AddSeconds(1)));
    }
}
