using Akka.Actor;
using Akka.Persistence.Query;
using LeverageActors.Actors.Risk;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Pools;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// Funding (issue 18) moves a payer's threshold towards the price as its side's index grows: the
/// risk index computes its rows again when an index moves, and its margin checks carry the index.
/// </summary>
public class FundingRiskIndexSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0", output)
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A 41x long of 41,000 against a 2x short of 2,000, at 1e-6 a second at full skew (skew 39/43).
    /// At open the long's conservative threshold is 1,977.93; six hours of funding, 41,000 · 21,600 ·
    /// 1e-6 · 39/43 = 803.2, lift it past 2,000, so a tick at 2,000 that crossed nothing at the open
    /// crosses it then, and only it (the short receives: its threshold moves away).
    /// </summary>
    [Fact]
    public void A_payers_threshold_follows_its_funding_and_the_check_carries_the_index()
    {
        var catalog = FundingSpecs.WithFunding(factor: 0.000001m);
        var x = new InProcessExchange(catalog);
        var lp = AccountId.From("lp");
        var trader = AccountId.From("trader");
        foreach (var a in new[] { lp, trader })
        {
            x.Send(new OpenAccount(a, RequestId.New(), T0));
            x.Send(new DepositFunds(a, RequestId.New(), 10_000_000m, T0));
        }

        x.Send(new ProvideLiquidity(lp, RequestId.New(), Eth, 10_000_000m, 2_000m, T0));
        x.Send(new OpenPosition(PositionId.From("long-41"), trader, RequestId.New(), Eth, PositionSide.Long, 1_000m, 41m, 2_000m, T0));
        x.Send(new OpenPosition(PositionId.From("short-2"), trader, RequestId.New(), Eth, PositionSide.Short, 1_000m, 2m, 2_000m, T0));

        var positions = CreateTestProbe();
        var index = Sys.ActorOf(Props.Create(() => new MarketRiskIndex(Eth, catalog, positions.Ref, new Support.ManualClock(T0), false, null)));
        var offset = 0L;
        foreach (var (persistenceId, evt) in x.Journal)
            index.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, evt, 0, []));

        index.Tell(new PriceUpdated(Eth, 2_000m, T0, 1));
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        var later = T0.AddHours(6);
        index.Tell(new PriceUpdated(Eth, 2_000m, later, 2));

        var check = positions.ExpectMsg<CheckMargin>();
        var pool = x.Pools.Single().AccruedTo(later);
        Assert.Equal(PositionId.From("long-41"), check.PositionId);
        Assert.Equal(pool.FundingIndex(PositionSide.Long), check.FundingIndex);
        Assert.Equal(803.218605m, x.Positions.Single(p => p.Id == check.PositionId).FundingOwed(check.FundingIndex));
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }
}
