using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using LeverageActors.Actors.Common;
using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// A tag's live events from the PostgreSQL journal, for the node's journal followers: a
/// <see cref="LiveTagRead"/> on the node's <see cref="JournalTail"/>, which reads new rows once for
/// all followers and never past a gap a write in flight may still fill
/// (<see cref="PostgresJournalTailSource"/>). A query of the events already written (a catch-up)
/// goes through the plugin's read journal.
/// </summary>
internal sealed class PostgresTagQuery(ActorSystem system, string connectionString, StoredEventCodec codec) : IJournalTagTable
{
    /// <summary>How long a gap in the orderings is waited for at least before it may be passed.</summary>
    public const string GapWaitSetting = "leverage.journal.gap-wait";

    /// <summary>How long a gap is waited for at most, whatever holds it.</summary>
    public const string GapLimitSetting = "leverage.journal.gap-limit";

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
        live ? LiveTagRead.Events(this, Tail, tag, after) : JournalQueries.Sql(system)(tag, after, false);

    public (IReadOnlyList<EventEnvelope> Page, long Scanned) Read(string tag, long from, long until)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return JournalRows.ReadTag(connection, "strpos(tags, @tag) > 0", codec, tag, from, until);
    }

    private JournalTail Tail()
    {
        var config = system.Settings.Config;
        return JournalTail.Of(system,
            () => new PostgresJournalTailSource(connectionString,
                config.GetTimeSpan(GapWaitSetting, TimeSpan.FromSeconds(1)), config.GetTimeSpan(GapLimitSetting, TimeSpan.FromMinutes(1)),
                Logging.GetLogger(system, typeof(PostgresJournalTailSource))),
            codec, config.GetTimeSpan("akka.persistence.query.journal.sql.refresh-interval", TimeSpan.FromMilliseconds(100)));
    }
}
