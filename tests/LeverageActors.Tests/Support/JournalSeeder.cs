using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using LeverageActors.Messages;

namespace LeverageActors.Tests.Support;

/// <summary>
/// Writes given events under a persistence id through the node's real journal, to leave a
/// database exactly as a crash at a chosen moment would have left it.
/// </summary>
public sealed class JournalSeeder : ReceivePersistentActor
{
    public const string Go = "go";

    public JournalSeeder(string persistenceId, IReadOnlyList<ILeverageEvent> events)
    {
        PersistenceId = persistenceId;
        var tags = ImmutableHashSet.Create(persistenceId[..persistenceId.IndexOf('-')]);
        Command<string>(_ =>
        {
            var requester = Sender;
            PersistAll(events.Select(e => new Tagged(e, tags)), _ => { });
            DeferAsync(Go, _ => requester.Tell(Done.Instance));
        });
    }

    public override string PersistenceId { get; }
}

public static class JournalSeeding
{
    public static async Task SeedAsync(ActorSystem system, IEnumerable<(string PersistenceId, ILeverageEvent Event)> journal)
    {
        foreach (var entity in journal.GroupBy(e => e.PersistenceId))
        {
            var events = entity.Select(e => e.Event).ToList();
            var seeder = system.ActorOf(Props.Create(() => new JournalSeeder(entity.Key, events)));
            await seeder.Ask<Done>(JournalSeeder.Go, Scenario.Timeout);
            await seeder.GracefulStop(Scenario.Timeout);
        }
    }
}
