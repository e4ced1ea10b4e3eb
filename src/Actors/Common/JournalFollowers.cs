using System.Collections.Concurrent;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;

namespace LeverageActors.Actors.Common;

/// <summary>
/// The journal-following streams of this node (risk index, liquidator, saga watchdog). They stop
/// in coordinated shutdown's service-stop phase, before cluster shutdown stops the actors they
/// feed and the actor system terminates their materializers: a clean stop completes each stream
/// rather than cutting it short (AbruptStageTerminationException in the log), and no stream
/// starts after that.
/// </summary>
public sealed class JournalFollowers : IExtension
{
    /// <summary>How long the phase waits for the streams to finish; a stream still busy after it is cut as before.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<UniqueKillSwitch, Task> _running = new();
    private volatile bool _stopping;

    public JournalFollowers(ExtendedActorSystem system)
    {
        var log = Logging.GetLogger(system, typeof(JournalFollowers));
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "stop-journal-streams", async () =>
        {
            _stopping = true;
            var running = _running.ToArray();
            foreach (var (kill, _) in running)
                kill.Shutdown();
            var finished = Task.WhenAll(running.Select(r => r.Value.ContinueWith(_ => { }, TaskScheduler.Default)));
            if (await Task.WhenAny(finished, Task.Delay(StopTimeout)) != finished)
                log.Warning("{0} journal streams did not finish within {1}", running.Length, StopTimeout);
            return Done.Instance;
        });
    }

    public static JournalFollowers Get(ActorSystem system) => system.WithExtension<JournalFollowers, JournalFollowersProvider>();

    /// <summary>The node is stopping: streams are being completed and none may start.</summary>
    public bool Stopping => _stopping;

    /// <summary>Keeps a running stream until it ends; one that starts as the node stops is stopped at once.</summary>
    public void Track(UniqueKillSwitch kill, Task done)
    {
        _running[kill] = done;
        done.ContinueWith(_ => _running.TryRemove(kill, out Task? _), TaskScheduler.Default);
        if (_stopping)
            kill.Shutdown();
    }
}

public sealed class JournalFollowersProvider : ExtensionIdProvider<JournalFollowers>
{
    public override JournalFollowers CreateExtension(ExtendedActorSystem system) => new(system);
}
