using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// The corners of <see cref="ScaledRiskBook"/> no real market reaches in the index's property spec:
/// rows whose threshold is floored at 0 (a long with more collateral than notional, a short whose
/// interest exceeds its collateral and notional), prices at 0 and just above it, and a long book
/// whose divisor is not positive (maintenance above 80%), and rows of a dust position whose collateral
/// over quantity is too large for a decimal (saturated: never reached). Each answer must be the brute force's:
/// every row's threshold computed on its own.
/// </summary>
public sealed class ScaledRiskBookSpecs
{
    private static readonly RiskRate Usual = new(0.01m, 0.0005m);
    private static readonly RiskRate Extreme = new(0.9m, 0.0005m);

    private static readonly RiskBase[] Rows =
    [
        new(PositionId.From("long-usual"), PositionSide.Long, 1_900m, 1m, Usual),
        new(PositionId.From("long-floored"), PositionSide.Long, -50m, 1m, Usual),
        new(PositionId.From("long-tiny"), PositionSide.Long, 0.000_000_000_000_000_01m, 1m, Usual),
        new(PositionId.From("long-extreme"), PositionSide.Long, 1_900m, 1m, Extreme),
        new(PositionId.From("short-usual"), PositionSide.Short, 2_100m, 1m, Usual),
        new(PositionId.From("short-floored"), PositionSide.Short, -10m, 3m, Usual),
        new(PositionId.From("short-tiny"), PositionSide.Short, 0.000_000_000_000_000_01m, 1m, Usual),
        // 10⁻²⁶ of a position holding 1,000: collateral over quantity is past a decimal's range.
        new(PositionId.From("long-dust"), PositionSide.Long, -1_000m, 0.000_000_000_000_000_000_000_000_01m, Usual),
        new(PositionId.From("short-dust"), PositionSide.Short, 1_000m, 0.000_000_000_000_000_000_000_000_01m, Usual),
    ];

    public static TheoryData<decimal> Prices() => [0m, 0.000_000_000_000_000_001m, 0.000_000_000_000_000_01m, 1m, 1_850m, 1_900m, 2_000m, 2_100m, -1m];

    [Theory]
    [MemberData(nameof(Prices))]
    public void Every_answer_is_the_one_each_row_computed_on_its_own_gives(decimal price)
    {
        var book = new ScaledRiskBook();
        foreach (var row in Rows)
            book.Upsert(row);
        foreach (var (required, growth) in new (decimal?, decimal)[] { (null, 0m), (0.03m, 1.02m), (0.005m, 1.5m) })
        {
            book.Rescale(required, growth);
            foreach (var warning in new[] { false, true })
            {
                var expected = warning && growth <= 1 ? [] : Reached(price, required, warning ? growth : 1m);
                Assert.Equal(expected, book.Crossed(price, warning).ToList());
            }

            foreach (var row in Rows)
                Assert.Equal(Reached(price, required, growth > 1 ? growth : 1m).Contains(row.Id), book.Crosses(row.Id, price));
        }
    }

    /// <summary>
    /// A short's warning cut is price × divisor grown by e^20 (the largest growth): at a price near
    /// 10²¹ it saturated (22fc5db), and its band's upper edge then passed the largest decimal one line
    /// later (a review's finding). Every short is within reach of such a price; no long is.
    /// </summary>
    [Fact]
    public void A_price_near_the_largest_decimal_at_the_largest_growth_answers_without_overflowing()
    {
        var book = new ScaledRiskBook();
        foreach (var row in Rows)
            book.Upsert(row);
        book.Rescale(0.03m, Actors.Positions.RiskDistance.Growth(Actors.Positions.RiskDistance.MaxExponent,
            new Messages.Oracles.RiskScale(1m, TimeSpan.FromSeconds(1))));

        var found = book.Crossed(1_000_000_000_000_000_000_000m, warning: true).ToList();

        Assert.Contains(PositionId.From("short-usual"), found);
        Assert.DoesNotContain(PositionId.From("long-usual"), found);
    }

    [Fact]
    public void A_dust_position_saturates_where_it_overflowed_and_no_price_reaches_it()
    {
        var dust = 0.000_000_000_000_000_000_000_000_01m;
        Assert.Equal(decimal.MinValue, Rows.Single(r => r.Id.Value == "long-dust").Key);
        Assert.Equal(0m, Rows.Single(r => r.Id.Value == "long-dust").ThresholdAt(null));
        Assert.Equal(decimal.MaxValue, Rows.Single(r => r.Id.Value == "short-dust").ThresholdAt(null));
        Assert.Equal(0m, Actors.Positions.PositionMath.LiquidationPrice(PositionSide.Long, dust, 2_000m, 1_000m, 0m, new Messages.Markets.MarketParameters()));
        Assert.Null(Actors.Positions.PositionMath.LiquidationPrice(PositionSide.Short, dust, 2_000m, 1_000m, 0m, new Messages.Markets.MarketParameters()));
        Assert.Equal(decimal.MaxValue, Actors.Common.DecimalMath.Saturating(39_614_081_257_132_168_796_771_975_168m, 0.5m));
        Assert.Equal(decimal.MinValue, Actors.Common.DecimalMath.Saturating(-1m, 0m));
    }

    [Fact]
    public void A_removed_row_is_not_reported_and_an_emptied_book_answers_nothing()
    {
        var book = new ScaledRiskBook();
        foreach (var row in Rows)
            book.Upsert(row);
        foreach (var row in Rows)
            book.Remove(row.Id);

        Assert.Equal(0, book.Count);
        Assert.Empty(book.Crossed(2_000m, false));
        book.Rescale(0.02m, 1.1m);
        book.Upsert(Rows[0]);
        Assert.Equal([Rows[0].Id], book.Crossed(Rows[0].ThresholdAt(0.02m), false).ToList());
    }

    private static List<PositionId> Reached(decimal price, decimal? required, decimal growth)
    {
        var rows = Rows.Select(r => (Row: r, Threshold: Warned(r, r.ThresholdAt(required), growth))).ToList();
        return rows.Where(r => r.Row.Side == PositionSide.Long && price <= r.Threshold)
            .OrderBy(r => r.Threshold).ThenBy(r => r.Row.Id.Value, StringComparer.Ordinal)
            .Concat(rows.Where(r => r.Row.Side == PositionSide.Short && price >= r.Threshold)
                .OrderBy(r => r.Threshold).ThenBy(r => r.Row.Id.Value, StringComparer.Ordinal))
            .Select(r => r.Row.Id).ToList();
    }

    private static decimal Warned(RiskBase row, decimal liquidation, decimal growth) =>
        growth <= 1 ? liquidation : row.Side == PositionSide.Long ? liquidation * growth : liquidation / growth;
}
