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
        // Recorded 55 s after its time; at 61 s it has lapsed, but the retries only look from the tenth second unanswered.
        var clock = new ManualClock(T0.AddSeconds(55));
        var (position, account, pool) = Started(clock);
        position.Tell(new OpenPosition(P, AccountId.From("trader"), Open, Eth, PositionSide.Long, 1_000m, 5m, 2_000m, T0), TestActor);

        account.ExpectMsg<LockCollateral>();
        clock.Now = T0.AddSeconds(61);
        account.ExpectMsg<LockCollateral>(TimeSpan.FromSeconds(5));
        account.ExpectMsg<LockCollateral>(TimeSpan.FromSeconds(5));
        pool.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        clock.Now = T0.AddSeconds(66);
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

    /// <summary>Fails on the code before the check at decision: the open was recorded and its lock asked at its old marks.</summary>
    [Fact]
    public void An_open_that_reaches_its_position_past_its_price_age_is_refused_and_nothing_is_asked()
    {
        var (position, account, _) = Started(new ManualClock(T0.AddSeconds(61)));
        position.Tell(new OpenPosition(P, AccountId.From("trader"), Open, Eth, PositionSide.Long, 1_000m, 5m, 2_000m, T0), TestActor);

        Assert.Equal(RejectionCodes.OpenLapsed, ExpectMsg<PositionCommandRejected>().Reason.Code);
        account.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        position.Tell(new GetPosition(P, null, null), TestActor);
        Assert.Equal(RejectionCodes.PositionNotFound, ExpectMsg<PositionCommandRejected>().Reason.Code);
    }

    /// <summary>
    /// Recorded at 55 s of age, answered at 61: the answers find the open lapsed before they are taken,
    /// without waiting for the retries' look (fails on the code before it: the open completed at its old price).
    /// </summary>
    [Fact]
    public void Answers_that_arrive_after_the_price_age_find_the_open_lapsed()
    {
        var clock = new ManualClock(T0.AddSeconds(55));
        var (position, account, pool) = Started(clock);
        position.Tell(new OpenPosition(P, AccountId.From("trader"), Open, Eth, PositionSide.Long, 1_000m, 5m, 2_000m, T0), TestActor);
        var lock_ = account.ExpectMsg<LockCollateral>();

        clock.Now = T0.AddSeconds(61);
        position.Tell(new CollateralLockedReply(P, lock_.TransferId));
        position.Tell(new LiquidityReservedReply(Eth, P, 1m));

        Assert.Equal(RejectionCodes.OpenLapsed, ExpectMsg<PositionCommandRejected>(TimeSpan.FromSeconds(5)).Reason.Code);
        pool.FishForMessage(m => m is CancelReservation, TimeSpan.FromSeconds(5));
    }

    /// <summary>A position actor whose messages to every region go to probes: the account's and the pool's named.</summary>
    private (IActorRef Position, TestProbe Account, TestProbe Pool) Started(TimeProvider clock, TestProbe? account = null, TestProbe? pool = null)
    {
        var regions = EntityKinds.All.Select(k => k == EntityKinds.Account && account is not null ? account
            : k == EntityKinds.Pool && pool is not null ? pool
            : CreateTestProbe()).ToList();
        var router = new EntityRouter([.. regions.Select(r => r.Ref)]);
        var position = Sys.ActorOf(EntityKinds.Position.Props(P.Value, MarketCatalog.Default, router, clock));
        return (position, regions[EntityKinds.Account.Index], regions[EntityKinds.Pool.Index]);
    }
}
