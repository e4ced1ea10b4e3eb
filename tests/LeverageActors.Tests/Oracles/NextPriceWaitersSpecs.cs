using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Tests.Oracles;

/// <summary>
/// The oracle's next-price waiters: answered by the first accepted price numbered after the request,
/// with the request's number and the margin in force; refused at the deadline, or by a price that
/// came after it; answered once.
/// </summary>
public sealed class NextPriceWaitersSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PriceAccepted Price(long sequence, decimal price, DateTimeOffset at) => new(Eth, price, sequence, 2, at, at);

    [Fact]
    public void A_waiter_is_answered_by_the_first_price_numbered_after_its_request_with_the_margin_in_force()
    {
        var waiters = new NextPriceWaiters();
        var caller = CreateTestProbe();
        waiters.Add(new AwaitNextPrice(Eth, T0, T0.AddSeconds(60)), 7, caller.Ref);
        var margin = new MarginInForce(0.01m, 0.02m, 0.01m);

        // A price at the request's own number (one still being written when it arrived) does not answer it.
        Assert.Empty(waiters.Answer(Price(7, 2_000m, T0), margin));
        caller.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Assert.Single(waiters.Answer(Price(8, 2_010m, T0.AddSeconds(1)), margin));
        var next = caller.ExpectMsg<NextPrice>();
        Assert.Equal(new NextPrice(Eth, 2_010m, 8, T0.AddSeconds(1), 7, T0, margin), next);
        Assert.Equal(new Messages.Common.Execution(T0, 7, 8), next.Execution);

        // Answered once.
        Assert.Empty(waiters.Answer(Price(9, 2_020m, T0.AddSeconds(2)), margin));
        Assert.Equal(0, waiters.Count);
    }

    [Fact]
    public void A_price_that_trips_the_breaker_answers_its_waiters_with_the_halt_it_makes_and_one_inside_the_halt_with_that_halt()
    {
        var p = OracleParameters.Default with { Sources = ["source-a"], Quorum = 1 };
        var oracle = OracleState.Initial(Eth, p);
        OracleState Report(OracleState s, decimal price, DateTimeOffset at) =>
            s.Handle(new ReportPrice(Eth, "source-a", price, at, at)).Events.Aggregate(s, (x, e) => x.Apply(e));
        oracle = Report(oracle, 2_000m, T0);

        var tripping = new PriceAccepted(Eth, 2_400m, oracle.Sequence + 1, 1, T0.AddSeconds(1), T0.AddSeconds(1)) { Anchored = true };
        var until = T0.AddSeconds(1) + p.BreakerCooldown;
        Assert.Equal(until, OracleState.HaltWith(oracle, tripping, p));
        var halted = Report(oracle, 2_400m, T0.AddSeconds(1));
        Assert.Equal(until, halted.HaltedUntil);
        Assert.Equal(until, OracleState.HaltWith(halted, tripping with { Sequence = halted.Sequence + 1, At = T0.AddSeconds(2) }, p));
        Assert.Null(OracleState.HaltWith(oracle, tripping with { Price = 2_010m }, p));

        var waiters = new NextPriceWaiters();
        var caller = CreateTestProbe();
        waiters.Add(new AwaitNextPrice(Eth, T0, T0.AddSeconds(60)), oracle.Sequence, caller.Ref);
        waiters.Answer(tripping, null, haltedUntil: OracleState.HaltWith(oracle, tripping, p));
        Assert.Equal(until, caller.ExpectMsg<NextPrice>().HaltedUntil);
    }

    /// <summary>
    /// A report that made no price (here: three sources 5 % apart, none agreeing) came before a request
    /// made now, so the request needs reports after the next price; once that report is stale it can be
    /// in no price again, and a request made then needs no more than reports after the price in force.
    /// </summary>
    [Fact]
    public void A_report_that_made_no_price_counts_against_a_request_until_it_is_stale()
    {
        var s = new Support.ExchangeStory();
        var sequence = s.PriceIs(2_000m);
        s.X.Send(new ReportPrice(Eth, "source-c", 1_900m, s.Now, s.Now));
        Assert.Equal(sequence + 1, s.Oracle().Sequence);
        s.X.Send(new ReportPrice(Eth, "source-a", 2_100m, s.Now, s.Now));
        var oracle = s.Oracle();
        Assert.Equal(sequence + 1, oracle.Sequence);

        Assert.Equal(oracle.Sequence + 1, oracle.ReportsAfter(s.Now));
        // Stale after 60 s, less 5 s of clock skew between the request's node and the oracle's.
        Assert.Equal(oracle.Sequence + 1, oracle.ReportsAfter(s.Now.AddSeconds(65)));
        Assert.Equal(oracle.Sequence, oracle.ReportsAfter(s.Now.AddSeconds(66)));
    }

    [Fact]
    public void Waiters_are_answered_in_the_order_they_arrived_whatever_came_and_went_before_them()
    {
        var waiters = new NextPriceWaiters();
        var caller = CreateTestProbe();
        // A first tick's waiters answered and one expired free their slots for the next tick's.
        for (var i = 0; i < 5; i++)
            waiters.Add(new AwaitNextPrice(Eth, T0.AddMilliseconds(i), T0.AddSeconds(60)), 1, caller.Ref);
        var expiring = waiters.Add(new AwaitNextPrice(Eth, T0.AddMilliseconds(5), T0.AddSeconds(60)), 1, caller.Ref);
        waiters.Expire(expiring);
        caller.ExpectMsg<NextPriceMissed>();
        waiters.Answer(Price(2, 2_000m, T0.AddSeconds(1)), null);
        for (var i = 0; i < 5; i++)
            caller.ExpectMsg<NextPrice>();

        var arrivals = Enumerable.Range(0, 8).Select(i => T0.AddSeconds(1).AddMilliseconds(10 * i)).ToList();
        foreach (var at in arrivals)
            waiters.Add(new AwaitNextPrice(Eth, at, at.AddSeconds(60)), 2, caller.Ref);
        waiters.Answer(Price(3, 2_010m, T0.AddSeconds(2)), null);

        Assert.Equal(arrivals, arrivals.Select(_ => caller.ExpectMsg<NextPrice>().RequestedAt));
    }

    [Fact]
    public void A_price_accepted_after_the_deadline_refuses_the_waiter_instead_of_executing_it()
    {
        var waiters = new NextPriceWaiters();
        var caller = CreateTestProbe();
        waiters.Add(new AwaitNextPrice(Eth, T0, T0.AddSeconds(60)), 3, caller.Ref);

        waiters.Answer(Price(4, 2_010m, T0.AddSeconds(61)), null);

        Assert.Equal(new NextPriceMissed(Eth, 3, T0.AddSeconds(60)), caller.ExpectMsg<NextPriceMissed>());
        Assert.Equal(0, waiters.Count);
    }

    [Fact]
    public void At_its_deadline_a_waiter_is_refused_once_and_a_later_price_answers_nothing()
    {
        var waiters = new NextPriceWaiters();
        var early = CreateTestProbe();
        var late = CreateTestProbe();
        var key = waiters.Add(new AwaitNextPrice(Eth, T0, T0.AddSeconds(1)), 3, early.Ref);
        waiters.Add(new AwaitNextPrice(Eth, T0, T0.AddSeconds(60)), 3, late.Ref);

        waiters.Expire(key);
        waiters.Expire(key);
        early.ExpectMsg<NextPriceMissed>();

        waiters.Answer(Price(4, 2_010m, T0.AddSeconds(2)), null);
        Assert.Equal(4, late.ExpectMsg<NextPrice>().Sequence);
        early.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    /// <summary>
    /// Reports observed after the price in force but before a request, arriving after it, counted as
    /// after it (a read-only review of the observation rule): a price they make answers a request only
    /// once a quorum and a majority of its reports were observed at or after the request's time.
    /// </summary>
    [Fact]
    public void A_price_made_of_reports_observed_before_the_request_does_not_answer_it()
    {
        var waiters = new NextPriceWaiters();
        var caller = CreateTestProbe();
        var requested = T0.AddMilliseconds(500);
        waiters.Add(new AwaitNextPrice(Eth, requested, requested.AddSeconds(60)), 7, caller.Ref);
        PriceReported Observed(string source, int ms) => new(Eth, source, 2_000m, T0.AddMilliseconds(ms), T0.AddSeconds(2)) { AfterPrice = 7 };

        Assert.Empty(waiters.Answer(Price(8, 2_000m, T0.AddSeconds(2)) with { Since = 7 }, null,
            [Observed("source-a", 200), Observed("source-b", 300), Observed("source-c", 900)], quorum: 2));
        caller.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Assert.Single(waiters.Answer(Price(9, 2_010m, T0.AddSeconds(3)) with { Since = 7 }, null,
            [Observed("source-a", 1_500), Observed("source-b", 300), Observed("source-c", 900)], quorum: 2));
        Assert.Equal(9, caller.ExpectMsg<NextPrice>().Sequence);
    }
}
