using Akka.Actor;
using Akka.Actor.Setup;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Persistence;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// A risk index started on a real journal reads its market's prices from the newest one written,
/// never the history before it: a day of prices cost every start about two seconds of decoding. The
/// newest price still reaches its checks when the topic never brings it.
/// </summary>
public sealed class RiskIndexJournalPricesSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly TestDatabase _database;

    public RiskIndexJournalPricesSpecs(ITestOutputHelper output) : this(TestDatabase.OnDisk(), output)
    {
    }

    private RiskIndexJournalPricesSpecs(TestDatabase database, ITestOutputHelper output) : base(OnJournal(database), null, output)
    {
        _database = database;
    }

    private static ActorSystemSetup OnJournal(TestDatabase database)
    {
        SqliteDatabase.Prepare(database.ConnectionString);
        return JournalFollowing.Node(HoconFiles.Sqlite, new SqliteJournalSetup(database.ConnectionString), """
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.persistence.query.journal.sql.refresh-interval = 20ms
            """);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _database.Dispose();
    }

    [Fact]
    public void The_newest_price_only_the_journal_holds_is_checked_and_no_older_price_is_read()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var position = s.Opens(s.Funded("trader", 10_000m), PositionSide.Long, 1_000m, 40m);
        s.PriceIs(1_990m);
        var crossing = s.PriceIs(1_940m);
        JournalTableWriter.Write(_database.Journal, s.X.Journal);
        // Every older price row edited into bytes nothing can decode: an index that read them would fail its feed.
        Assert.True(_database.Execute("""
            UPDATE journal SET message = x'FF0013'
            WHERE manifest = 'OA' AND ordering < (SELECT MAX(ordering) FROM journal WHERE manifest = 'OA')
            """) > 3);

        var positions = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new MarketRiskIndex(
            ExchangeStory.Eth, MarketCatalog.Default, positions.Ref, new ManualClock(s.Now), true, null, TimeSpan.FromMilliseconds(200), null)));

        // No topic brings it: the journal's copy is taken once the grace has passed.
        var check = positions.ExpectMsg<CheckMargin>(TimeSpan.FromSeconds(20));
        Assert.Equal((position, 1_940m, crossing), (check.PositionId, check.Price, check.PriceSequence));
    }
}
