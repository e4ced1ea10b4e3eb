using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Oracles;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Oracles;

/// <summary>
/// Which reports can hold a price back from being a request's next one (<see cref="OracleRules.AllAfter"/>):
/// three sources report 2,000; a request is made; source-a and source-b then report 2,010. A report of
/// source-c from before the request holds the price back while it is recent (a second old: its median
/// partner could be a source repeating the old price), and no longer once it is older than
/// <see cref="OracleRules.RecentReport"/>: a source that falls silent, or dates its reports back, delays
/// requests by that much at most, not for as long as its report stays fresh.
/// </summary>
public sealed class NextPriceRecentReportSpecs
{
    private static (ExchangeStory S, long Requested) RequestedAfter2000()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        return (s, s.Oracle().Sequence);
    }

    private static PriceAccepted TwoReport(ExchangeStory s, decimal price)
    {
        s.X.Send(new ReportPrice(ExchangeStory.Eth, "source-a", price, s.Now, s.Now));
        s.X.Send(new ReportPrice(ExchangeStory.Eth, "source-b", price, s.Now, s.Now));
        return s.Oracle().Recent.Last();
    }

    [Fact]
    public void A_recent_report_from_before_the_request_holds_the_price_back()
    {
        var (s, requested) = RequestedAfter2000();
        s.Advance(TimeSpan.FromSeconds(1));

        var price = TwoReport(s, 2_010m);
        Assert.Equal((2_010m, true), (price.Price, price.Since >= requested));
        Assert.True(price.AllAfter < requested, $"price #{price.Sequence} counts as after #{price.AllAfter}");
    }

    [Fact]
    public void A_report_older_than_the_recent_window_does_not()
    {
        var (s, requested) = RequestedAfter2000();
        s.Advance(OracleRules.RecentReport + TimeSpan.FromSeconds(1));

        var price = TwoReport(s, 2_010m);
        Assert.Equal((2_010m, price.Since), (price.Price, price.AllAfter));
        Assert.True(price.AllAfter >= requested);
    }

    [Fact]
    public void A_report_dated_back_holds_a_request_back_no_longer_than_the_window()
    {
        var (s, requested) = RequestedAfter2000();
        var request = s.Now;
        s.Advance(TimeSpan.FromSeconds(2));
        // source-c keeps reporting 2,000 as observed just before the request.
        s.X.Send(new ReportPrice(ExchangeStory.Eth, "source-c", 2_000m, request.AddMilliseconds(-1), s.Now));
        var held = TwoReport(s, 2_010m);
        Assert.True(held.AllAfter < requested);
        Assert.False(OracleRules.AllObservedSince([.. s.Oracle().Latest.Values], 2, held.At, request));

        s.Advance(OracleRules.RecentReport);
        s.X.Send(new ReportPrice(ExchangeStory.Eth, "source-c", 2_000m, request.AddMilliseconds(-1), s.Now));
        var next = TwoReport(s, 2_012m);
        Assert.Equal(2_012m, next.Price);
        Assert.True(next.AllAfter >= requested);
        Assert.True(OracleRules.AllObservedSince([.. s.Oracle().Latest.Values], 2, next.At, request));
    }
}
