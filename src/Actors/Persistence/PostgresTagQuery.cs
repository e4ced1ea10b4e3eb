using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// A tag's events from the PostgreSQL journal, for the node's journal followers: live, a
/// <see cref="LiveTagRead"/> on the node's <see cref="JournalTail"/>, which reads new rows once for
/// all followers and never past a gap a write in flight may still fill
/// (<see cref="PostgresJournalTailSource"/>); a query of the events already written (a catch-up)
/// reads the table up to where that reader stands, so that a live follower starting from its last
/// event misses none a write in flight still held. The plugin's read journal passed such a gap
/// after ten polls whether or not the write still ran. A catch-up reads through the journal's tag
/// index where the node may (<see cref="PostgresTagIndex.Usable"/>, looked at by each read: a
/// trigger dropped since the start makes it scan again), and otherwise scans the table's tags.
/// </summary>
internal sealed class PostgresTagQuery(ActorSystem system, string connectionString, StoredEventCodec codec) : IJournalTagTable
{

    /// <summary>How long a gap is waited for at most, whatever holds it.</summary>
    public const string GapLimitSetting = "leverage.journal.gap-limit";

    public static TimeSpan GapLimit(Akka.Configuration.Config config) => config.GetTimeSpan(GapLimitSetting, TimeSpan.FromMinutes(1));

    /// <summary>The node's tag query when its journal is <see cref="PostgresJournal"/>'s PostgreSQL; otherwise null.</summary>
    public static PostgresTagQuery? For(ActorSystem system)
    {
        var setup = system.Settings.Setup.Get<PostgresJournalSetup>();
        return setup.HasValue
            ? new PostgresTagQuery(system, setup.Value.ConnectionString,
                new StoredEventCodec((ExtendedActorSystem)system, system.Settings.Config.GetString("akka.persistence.journal.sql.tag-separator", ";")))
            : null;
    }

    public Source<EventEnvelope, NotUsed> Events(string tag, long after, bool live) =>
        TagStart.Resolved(this, tag, after, from =>
            live ? LiveTagRead.Events(this, Tail, tag, from) : CurrentTagRead.Events(this, () => Tail().Position(), tag, from));

    public (IReadOnlyList<EventEnvelope> Page, long Scanned) Read(string tag, long from, long until)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return PostgresTagIndex.Usable(connection)
            ? JournalTagIndex.Read(connection, codec, tag, from, until)
            : JournalRows.ReadTag(connection, Contains, codec, tag, from, until);
    }

    public long BeforeNewest(string tag)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return PostgresTagIndex.Usable(connection) ? JournalTagIndex.BeforeNewest(connection, tag, JournalProvider.Postgres) : NewestTagRow.Before(connection, Contains, tag);
    }

    private const string Contains = "strpos(tags, @tag) > 0";

    private JournalTail Tail()
    {
        var config = system.Settings.Config;
        var refresh = config.GetTimeSpan("akka.persistence.query.journal.sql.refresh-interval", TimeSpan.FromMilliseconds(100));
        return JournalTail.Of(system,
            () => new PostgresJournalTailSource(connectionString, refresh, GapLimit(config),
                Logging.GetLogger(system, typeof(PostgresJournalTailSource))),
            codec, refresh);
    }
}
