using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using LeverageActors.Actors.Persistence;

namespace LeverageActors.Actors.Membership;

public static class JournalCheckWiring
{
    /// <summary>How long a leaving node waits for its row in the member table to go: within the phase's own 5 s.</summary>
    private static readonly TimeSpan ForgetTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The journal guard on every node, the member's beats, and the join through the
    /// <see cref="JoinGate"/>: the seed nodes must not be in Akka's own configuration, or Akka
    /// would join them unchecked at start. The node's cluster role must carry
    /// <see cref="JournalRole.Of"/> its journal and the <see cref="SharedSettings.Role"/> of <paramref name="settings"/>.
    /// </summary>
    public static AkkaConfigurationBuilder AddJournalCheck(
        this AkkaConfigurationBuilder akka, OwnJournal own, IReadOnlyList<Address> seeds, IClusterMemberTable members, SharedSettings settings) =>
        akka
            .WithActors((system, _) => system.ActorOf(Props.Create(() => new JournalGuard(own, members, settings)), JournalGuard.Name))
            .WithActors((system, _) =>
            {
                var heartbeat = system.ActorOf(Props.Create(() => new MemberHeartbeat(members)), MemberHeartbeat.Name);
                CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "forget-cluster-member",
                    async () =>
                    {
                        try
                        {
                            await heartbeat.Ask<MemberHeartbeat.Done>(MemberHeartbeat.Forget.Instance, ForgetTimeout);
                        }
                        catch (Exception e)
                        {
                            // Its row falls silent instead: the first seed's next start waits LiveCluster.Silence for it.
                            system.Log.Warning("Could not remove this node from the journal's live members: {0}", e.GetBaseException().Message);
                        }

                        return Akka.Done.Instance;
                    });
            })
            .AddStartup((system, _) => system.ActorOf(Props.Create(() => new JoinGate(own, seeds, members, settings)), JoinGate.Name));
}
