using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;

namespace LeverageActors.Actors.Membership;

public static class JournalCheckWiring
{
    /// <summary>
    /// The journal guard on every node, and the join through the <see cref="JoinGate"/>: the seed
    /// nodes must not be in Akka's own configuration, or Akka would join them unchecked at start.
    /// The node's cluster role must carry <see cref="JournalRole.Of"/> its journal.
    /// </summary>
    public static AkkaConfigurationBuilder AddJournalCheck(
        this AkkaConfigurationBuilder akka, OwnJournal own, IReadOnlyList<Address> seeds) =>
        akka
            .WithActors((system, _) => system.ActorOf(Props.Create(() => new JournalGuard(own)), JournalGuard.Name))
            .AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                if (seeds.Count == 0)
                    cluster.Join(cluster.SelfAddress);
                else
                    system.ActorOf(Props.Create(() => new JoinGate(own, seeds)), JoinGate.Name);
            });
}
