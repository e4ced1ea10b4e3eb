using LeverageActors.Messages.Common;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// Finding 5 of the money-safety review: leverage had unlimited places, so notional − collateral
/// could round to nothing; such positions took open-interest capacity at no risk and could trade
/// against an empty pool. Leverage now has at most two places, a position borrows something, and its
/// notional is at least the market's minimum (10).
/// </summary>
public class NothingBorrowedSpecs
{
    private static (ExchangeStory S, Messages.Ids.AccountId Trader) Market()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 100_000m), 100_000m);
        return (s, s.Funded("trader", 10_000m));
    }

    [Theory]
    [InlineData("1.0000000000001")]
    [InlineData("1.001")]
    [InlineData("2.555")]
    public void Leverage_with_more_than_two_places_is_refused(string leverage)
    {
        var (s, trader) = Market();

        var refused = Assert.IsType<PositionCommandRejected>(s.TriesToOpen(trader, PositionSide.Long, 1_000m,
            decimal.Parse(leverage, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(RejectionCodes.InvalidLeverage, refused.Reason.Code);
        Assert.DoesNotContain(s.X.Journal, e => e.Event is IPositionEvent);
    }

    [Fact]
    public void The_lowest_leverage_borrows_a_hundredth_of_the_collateral()
    {
        var (s, trader) = Market();

        var p = s.Opens(trader, PositionSide.Long, 1_000m, 1.01m);

        Assert.Equal(10m, s.Position(p).Reserved); // 1,010 − 1,000
        s.BooksBalance();
    }

    [Theory]
    [InlineData("4.99", "2")] // 9.98 of notional
    [InlineData("9.9", "1.01")] // 9.999
    public void A_notional_below_the_market_minimum_of_10_is_refused(string collateral, string leverage)
    {
        var (s, trader) = Market();

        var refused = Assert.IsType<PositionCommandRejected>(s.TriesToOpen(trader, PositionSide.Short,
            decimal.Parse(collateral, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(leverage, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(RejectionCodes.PositionTooSmall, refused.Reason.Code);
        Assert.DoesNotContain(s.X.Journal, e => e.Event is IPositionEvent);
        Assert.Equal(10_000m, s.X.Accounts.Single(a => a.Id == trader).FreeBalance);
    }
}
