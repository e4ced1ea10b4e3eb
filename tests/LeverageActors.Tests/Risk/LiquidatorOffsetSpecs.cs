using Akka.Actor;
using Akka.Actor.Setup;
using Akka;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LeverageActors.Actors.Liquidation;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Tests.Support;
using LinqToDB;
using Xunit.Abstractions;
using FakeJournal = LeverageActors.Tests.Common.JournalProjectorSpecs.FakeJournal;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// The liquidator is the projector that stores its offset: on the node's SQLite journal, with
/// the breach tag served by a query of our own that records where each start asked from.
/// </summary>
public sealed class LiquidatorOffsetSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly TestDatabase _database;

    public LiquidatorOffsetSpecs(ITestOutputHelper output) : this(TestDatabase.InMemory(), output)
    {
    }

    private LiquidatorOffsetSpecs(TestDatabase database, ITestOutputHelper output) : base(OnJournal(database), null, output) =>
        _database = database;

    private static ActorSystemSetup OnJournal(TestDatabase database)
    {
        SqliteDatabase.Prepare(database.ConnectionString);
        var config = ConfigurationFactory.ParseString("""
                akka.actor.provider = cluster
                akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
                akka.persistence.journal.sql.read-isolation-level = unspecified
                akka.persistence.snapshot-store.sql.read-isolation-level = unspecified
                leverage.journal.unreadable-reread-after = 300ms
                """)
            .WithFallback(HoconFiles.Load(HoconFiles.Sqlite))
            .WithFallback(HoconFiles.Load(HoconFiles.Base))
            .WithFallback(SqlPersistence.DefaultConfiguration);
        return BootstrapSetup.Create().WithConfig(config)
            .And(new DataOptionsSetup(new DataOptions().UseConnectionString(ProviderName.SQLiteMS, database.ConnectionString)))
            .And(new SqliteJournalSetup(database.ConnectionString));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _database.Dispose();
    }

    [Fact]
    public void A_liquidator_resumes_from_its_stored_offset_after_a_restart()
    {
        var journal = new FakeJournal(3);

        var first = Liquidator(journal.Query);
        // Events without a breach commit their offset within a second.
        AwaitAssert(() => Assert.Equal(3, Status(first).CommittedOffset), TimeSpan.FromSeconds(10));
        StopOnceCommitted(first, "\"offset\":3");

        var second = Liquidator(journal.Query);
        Assert.Equal(3, Status(second).CommittedOffset);
        AwaitAssert(() => Assert.Equal([0L, 3L], journal.Starts));
    }

    private static readonly MarketId Market = MarketId.From("ETH-USD");

    private IActorRef Liquidator(Actors.Common.JournalQuery query, IActorRef? positions = null, int maxPassedOver = LiquidatorActor.MaxPassedOver)
    {
        var to = positions ?? CreateTestProbe().Ref;
        return Sys.ActorOf(Props.Create(() => new LiquidatorActor(
            Market, AccountId.From("liquidator"), to, CreateTestProbe().Ref, CreateTestProbe().Ref,
            OracleParameters.Default, TimeProvider.System, true, query, maxPassedOver)));
    }

    private static LiquidatorStatus Status(IActorRef liquidator) =>
        liquidator.Ask<LiquidatorStatus>(new GetLiquidatorStatus(Market), TimeSpan.FromSeconds(3)).GetAwaiter().GetResult();

    /// <summary>Stopped once a commit holding <paramref name="written"/> is written (it persists without waiting).</summary>
    private void StopOnceCommitted(IActorRef liquidator, string written)
    {
        AwaitAssert(() => Assert.NotEqual(0L, Convert.ToInt64(_database.ScalarAsync(
                $"SELECT COUNT(*) FROM journal WHERE CAST(message AS TEXT) LIKE '%{written}%'").GetAwaiter().GetResult())),
            TimeSpan.FromSeconds(10));
        Watch(liquidator);
        liquidator.Tell(PoisonPill.Instance);
        ExpectTerminated(liquidator);
    }

    /// <summary>
    /// A breach row that cannot be decoded no longer pins the offset (a read-only review: capped below
    /// it, a row kept unreadable for good made every start read and send every breach since it again):
    /// the offset moves past it, the row is kept with it, and once the row reads (even in a later
    /// incarnation) its breach is liquidated.
    /// </summary>
    [Fact]
    public void A_breach_row_passed_over_is_committed_past_kept_and_liquidated_once_it_reads()
    {
        var journal = new BreachesWithUnreadableRow(Market, count: 5, breachAt: 3) { Unreadable = true };
        var positions = CreateTestProbe();

        var first = Liquidator(journal.Query, positions.Ref);
        AwaitAssert(() => Assert.Equal(5, Status(first).CommittedOffset), TimeSpan.FromSeconds(10));
        StopOnceCommitted(first, "\"offset\":5");

        // The next incarnation reads on from 5, and looks at row 3 on its own.
        var second = Liquidator(journal.Query, positions.Ref);
        Assert.Equal(5, Status(second).CommittedOffset);
        journal.Unreadable = false;
        second.Tell(new PriceUpdated(Market, 1_900m, DateTimeOffset.UtcNow, 7));
        var liquidate = positions.ExpectMsg<Liquidate>(TimeSpan.FromSeconds(10));
        Assert.Equal((BreachesWithUnreadableRow.Breached, 1), (liquidate.PositionId, liquidate.Breach));

        // Unresolved when it stops, the breach read late is kept as such and sent again at the next start's first price.
        StopOnceCommitted(second, "\"late\":[");
        var third = Liquidator(journal.Query, positions.Ref);
        third.Tell(new PriceUpdated(Market, 1_890m, DateTimeOffset.UtcNow, 8));
        positions.FishForMessage<Liquidate>(l => l.PositionId == BreachesWithUnreadableRow.Breached && l.Price == 1_890m, TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// The rows passed over kept with the offset are bounded (review of ef737ad: a forger's garbled
    /// rows grew every commit without end): past the bound the offset stops below the first left out.
    /// </summary>
    [Fact]
    public void Past_the_rows_it_may_keep_the_offset_stops_below_the_first_left_out()
    {
        var journal = new BreachesWithUnreadableRow(Market, count: 5, breachAt: 2) { Unreadable = true, AlsoUnreadable = 4 };

        var liquidator = Liquidator(journal.Query, maxPassedOver: 1);

        AwaitAssert(() => Assert.Equal(3, Status(liquidator).CommittedOffset), TimeSpan.FromSeconds(10));
        StopOnceCommitted(liquidator, "\"passedOver\":[2]");
    }

    /// <summary>A breach tag of <paramref name="count"/> rows, the one at <paramref name="breachAt"/> a breach of its market's, which cannot be decoded while <see cref="Unreadable"/>.</summary>
    private sealed class BreachesWithUnreadableRow(MarketId market, int count, long breachAt)
    {
        public static readonly PositionId Breached = PositionId.From("p-breached");

        public volatile bool Unreadable;

        /// <summary>A row other than the breach that cannot be decoded, for good; 0: none.</summary>
        public long AlsoUnreadable { get; init; }

        public Source<EventEnvelope, NotUsed> Query(string tag, long after, bool live)
        {
            var rows = Source.From(Enumerable.Range((int)after + 1, Math.Max(0, count - (int)after)).Select(o => (long)o))
                .Select(o => o == AlsoUnreadable ? throw new UnreadableJournalRow(o, "position-garbled", new System.Runtime.Serialization.SerializationException("unknown manifest"))
                    : o != breachAt ? Common.JournalProjectorSpecs.At(o)
                    : Unreadable ? throw new UnreadableJournalRow(o, "position-p-breached", new System.Runtime.Serialization.SerializationException("unknown manifest"))
                    : new EventEnvelope(Offset.Sequence(o), "position-p-breached", 4,
                        new PositionBreached(Breached, market, 1, 1_950m, 1m, 10m, 20m, 5, DateTimeOffset.UtcNow), 0, []));
            return live ? rows.Concat(Source.Never<EventEnvelope>()) : rows;
        }
    }
}
