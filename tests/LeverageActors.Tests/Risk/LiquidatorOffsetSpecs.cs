using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LeverageActors.Actors.Liquidation;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
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
        var market = MarketId.From("ETH-USD");
        var journal = new FakeJournal(3);
        IActorRef Liquidator() => Sys.ActorOf(Props.Create(() => new LiquidatorActor(
            market, AccountId.From("liquidator"), CreateTestProbe().Ref, CreateTestProbe().Ref, CreateTestProbe().Ref,
            OracleParameters.Default, TimeProvider.System, true, journal.Query)));

        var first = Liquidator();
        // Events without a breach commit their offset within a second.
        AwaitAssert(() => Assert.Equal(3, Status(first).CommittedOffset), TimeSpan.FromSeconds(10));
        // Stopped once its commit is written (it persists without waiting).
        AwaitAssert(() => Assert.Single(_database.JournalRows().GetAwaiter().GetResult()), TimeSpan.FromSeconds(10));
        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first);

        var second = Liquidator();
        Assert.Equal(3, Status(second).CommittedOffset);
        AwaitAssert(() => Assert.Equal([0L, 3L], journal.Starts));

        LiquidatorStatus Status(IActorRef liquidator) =>
            liquidator.Ask<LiquidatorStatus>(new GetLiquidatorStatus(market), TimeSpan.FromSeconds(3)).GetAwaiter().GetResult();
    }
}
