using Akka.Actor;
using Akka.Persistence;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Persistence;

/// <summary>
/// An entity's stream written by several nodes in turn comes back whole. Akka.Persistence.Sql
/// stamps each row with its journal's writer id (one per node's journal, not one per entity
/// incarnation), and Akka's replay filter, in its default mode, drops the rows of a writer it
/// has already seen replaced: an entity that moved to another node and back recovered without
/// the events written after its return, and went on deciding from that state (docs/FAULTS.md,
/// "Events dropped at recovery").
/// </summary>
public abstract class RecoveryAcrossWritersSpecs(TestDatabases databases)
{
    [Fact]
    public async Task An_entity_that_moved_to_another_node_and_back_recovers_every_event()
    {
        using var database = databases.Durable();
        await using var first = await TestNode.StartAsync(database);
        await using var second = await TestNode.StartAsync(database, NodeOptions.Joining(first));
        var id = $"tally-{Guid.NewGuid():N}";

        await Record(first, id, "a", "b", "c");
        // The entity moved: the second node's journal writes its next events.
        await Record(second, id, "d", "e", "f");
        // And back to the first node, whose journal (and writer id) is the one it started on.
        await Record(first, id, "g", "h", "i");

        var recovered = await Recovered(second, id);

        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h", "i"], recovered.Events);
        Assert.Equal(9, recovered.LastSequenceNr);
    }

    /// <summary>One incarnation of the entity on <paramref name="node"/>: it recovers, persists the events, and stops.</summary>
    private static async Task Record(TestNode node, string id, params string[] events)
    {
        var tally = node.System.ActorOf(Props.Create(() => new Tally(id)));
        foreach (var e in events)
            await tally.Ask<Tally.Recorded>(e, TestNode.Timeout);
        Assert.True(await tally.GracefulStop(TestNode.Timeout), "the incarnation stops before the next one starts");
    }

    private static async Task<Tally.Seen> Recovered(TestNode node, string id)
    {
        var tally = node.System.ActorOf(Props.Create(() => new Tally(id)));
        var seen = await tally.Ask<Tally.Seen>(Tally.Show.Instance, TestNode.Timeout);
        await tally.GracefulStop(TestNode.Timeout);
        return seen;
    }

    /// <summary>The smallest event-sourced entity: it remembers every event it persisted or recovered.</summary>
    private sealed class Tally : ReceivePersistentActor
    {
        private readonly List<string> _events = [];

        public Tally(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<string>(e => _events.Add(e));
            Command<string>(e => Persist(e, persisted =>
            {
                _events.Add(persisted);
                Sender.Tell(new Recorded(LastSequenceNr));
            }));
            Command<Show>(_ => Sender.Tell(new Seen(_events.ToList(), LastSequenceNr)));
        }

        public override string PersistenceId { get; }

        public sealed record Recorded(long SequenceNr);

        public sealed record Seen(IReadOnlyList<string> Events, long LastSequenceNr);

        public sealed class Show
        {
            public static readonly Show Instance = new();
        }
    }
}

public sealed class RecoveryAcrossWritersOnSqlite() : RecoveryAcrossWritersSpecs(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class RecoveryAcrossWritersOnPostgres(PostgresFixture postgres) : RecoveryAcrossWritersSpecs(postgres.Databases);
