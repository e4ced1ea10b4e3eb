using Akka.Actor;
using Akka.TestKit;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Positions;

/// <summary>
/// The position's actor, its regions replaced by probes and its clock by a hand-moved one: an open
/// whose account never answers is resent every second, and once the open is older than its price age
/// and has gone unanswered 10 s by the clock, it fails and undoes its lock and reservation.
/// </summary>
public class OpenLapseActorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    """
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp.port = 0
    akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
    """, output)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly PositionId P = PositionId.From("p");
    private static readonly RequestId Open = RequestId.From("open");

    /// <summary>
    /// Fails on the code before `open-lapsed`: the lock was resent for as long as the account stayed
    /// silent, and the open would have gone on at its old price whenever it answered.
    /// </summary>
    [Fact]
    public void An_open_the_account_never_answers_lapses_once_past_its_price_age_and_ten_seconds_unanswered()
    {
        // The clock starts a day after the open's time: the open is already old, but the first retries do not look.
        var clock = new ManualClock(T0.AddDays(1));
        var (position, account, pool) = Started(clock);
        position.Tell(new OpenPosition(P, AccountId.From("trader"), Open, Eth, PositionSide.Long, 1_000m, 5m, 2_000m, T0), TestActor);

        account.ExpectMsg<LockCollateral>();
        account.ExpectMsg<LockCollateral>(TimeSpan.FromSeconds(5));
        pool.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        clock.Now += TimeSpan.FromSeconds(10);
        Assert.Equal(RejectionCodes.OpenLapsed, ExpectMsg<PositionCommandRejected>(TimeSpan.FromSeconds(10)).Reason.Code);
        account.FishForMessage(m => m is ReleaseCollateral, TimeSpan.FromSeconds(5));
        pool.ExpectMsg<CancelReservation>(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void An_open_within_its_price_age_is_resent_however_long_the_account_is_silent()
    {
        var clock = new ManualClock(T0);
        var (position, account, _) = Started(clock);
        position.Tell(new OpenPosition(P, AccountId.From("trader"), Open, Eth, PositionSide.Long, 1_000m, 5m, 2_000m, T0), TestActor);

        account.ExpectMsg<LockCollateral>();
        clock.Now = T0.AddSeconds(59);
        account.ExpectMsg<LockCollateral>(TimeSpan.FromSeconds(5));
        account.ExpectMsg<LockCollateral>(TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>A position actor whose messages to every region go to probes: the account's and the pool's named.</summary>
    private (IActorRef Position, TestProbe Account, TestProbe Pool) Started(TimeProvider clock)
    {
        var regions = EntityKinds.All.Select(_ => CreateTestProbe()).ToList();
        var router = new EntityRouter([.. regions.Select(r => r.Ref)]);
        var position = Sys.ActorOf(EntityKinds.Position.Props(P.Value, MarketCatalog.Default, router, clock));
        return (position, regions[EntityKinds.Account.Index], regions[EntityKinds.Pool.Index]);
    }
}
