using System.Diagnostics;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Faults;

/// <summary>One kill: which node, when (seconds since the load began), and how long until it and the whole cluster were back.</summary>
public sealed record Kill(int Number, string Node, bool HostedMarketWatch, TimeSpan At, TimeSpan Restarted, TimeSpan UpAfter, TimeSpan WholeAfter, int RetriesDuring);

/// <summary>
/// kill -9s a random node, restarts it after a pause (as a supervisor would), waits until the
/// cluster is whole again, and after a quiet spell does it again, at least <c>minimum</c> times
/// and for at least <c>duration</c>.
/// </summary>
public sealed class Killer(FaultNodes cluster, LoadDriver driver, Stopwatch clock, int seed)
{
    private static readonly TimeSpan RestartPause = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan QuietSpell = TimeSpan.FromSeconds(5);

    private readonly Random _random = new(seed);

    public List<Kill> Kills { get; } = [];

    public async Task Run(int minimum, TimeSpan duration)
    {
        while (Kills.Count < minimum || clock.Elapsed < duration)
        {
            await Task.Delay(QuietSpell);
            var running = cluster.Nodes.Where(n => n.Running).ToList();
            var node = running[_random.Next(running.Count)];
            var retriesBefore = driver.Retries;
            var marketWatch = cluster.Nodes.Where(n => n.MarketWatchStartedAt is not null).MaxBy(n => n.MarketWatchStartedAt);
            var at = clock.Elapsed;
            await node.Kill();
            await Task.Delay(RestartPause);
            var restarted = clock.Elapsed;
            node.Start();
            await cluster.Up(node);
            var up = clock.Elapsed;
            await cluster.Whole(TimeSpan.FromMinutes(5));
            Kills.Add(new Kill(Kills.Count + 1, node.Name, node == marketWatch, at, restarted - at, up - at, clock.Elapsed - at, driver.Retries - retriesBefore));
        }
    }
}
