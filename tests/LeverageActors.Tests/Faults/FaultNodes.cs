using System.Net;
using System.Text.Json;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Faults;

/// <summary>Three node processes of one cluster on one PostgreSQL journal, every node a seed of the others, on fixed ports.</summary>
public sealed class FaultNodes : IAsyncDisposable
{
    public const string OperatorKey = "operator-key-of-the-fault-test";

    private FaultNodes(IReadOnlyList<NodeProcess> nodes)
    {
        Nodes = nodes;
        foreach (var node in nodes)
            node.ExitedOnItsOwn += Supervise;
    }

    /// <summary>Nodes that exited on their own and were restarted, as a supervisor (systemd's Restart=on-failure) would.</summary>
    public List<(string Node, DateTime At, int ExitCode)> OwnExits { get; } = [];

    /// <summary>
    /// A node downed by the split-brain resolver stops its actor system and exits (code 3); in
    /// production its supervisor starts it again, and so does the test, 2 s later.
    /// </summary>
    private void Supervise(NodeProcess node, int exitCode)
    {
        lock (OwnExits)
            OwnExits.Add((node.Name, DateTime.UtcNow, exitCode));
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            if (!node.Running)
                node.Start();
        });
    }

    public IReadOnlyList<NodeProcess> Nodes { get; }

    public IReadOnlyList<Uri> Apis => Nodes.Select(n => n.Api).ToList();

    public static async Task<FaultNodes> StartAsync(string journal)
    {
        var ports = Enumerable.Range(0, 3).Select(_ => (Remoting: NodeProcess.FreePort(), Api: NodeProcess.FreePort())).ToList();
        var seeds = ports.Select(p => $"akka.tcp://leverage@127.0.0.1:{p.Remoting}").ToList();
        var environment = new Dictionary<string, string>
        {
            ["LEVERAGE_Api__OperatorKey"] = OperatorKey,
            // Every request of the driver comes from 127.0.0.1: the per-client limit is not under test here.
            ["LEVERAGE_Api__RequestsPerSecondPerClient"] = "100000",
            ["LEVERAGE_Api__AccountsPerMinutePerClient"] = "100000",
            // The load acts at the price it reports, as it was written to; next-price execution has specs of its own.
            ["LEVERAGE_Execution__NextPrice"] = "false",
        };
        var nodes = new FaultNodes(ports.Select((p, i) => new NodeProcess($"node-{i + 1}", p.Remoting, p.Api, seeds, journal, environment)).ToList());
        try
        {
            // The first seed forms the cluster; the others join it.
            nodes.Nodes[0].Start();
            await nodes.Up(nodes.Nodes[0]);
            foreach (var node in nodes.Nodes.Skip(1))
                node.Start();
            foreach (var node in nodes.Nodes.Skip(1))
                await nodes.Up(node);
            await nodes.Whole(TimeSpan.FromMinutes(3));
            return nodes;
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }
    }

    /// <summary>Until every node is ready (/health/ready) and sees three Up members; how long that took.</summary>
    public async Task<TimeSpan> Whole(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var started = DateTime.UtcNow;
        while (true)
        {
            if (await AllReady(http))
                return DateTime.UtcNow - started;
            if (DateTime.UtcNow - started > timeout)
                throw new TimeoutException($"the cluster was not whole again within {timeout}:{Environment.NewLine}" +
                                           string.Join(Environment.NewLine, Nodes.Select(n => $"--- {n.Name}{Environment.NewLine}{n.Tail(15)}")));
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private async Task<bool> AllReady(HttpClient http)
    {
        foreach (var node in Nodes)
        {
            try
            {
                using var ready = await http.GetAsync(new Uri(node.Api, "/health/ready"));
                if (ready.StatusCode != HttpStatusCode.OK)
                    return false;
                using var health = await http.GetAsync(new Uri(node.Api, "/health"));
                var members = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("members");
                if (members.EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up") != Nodes.Count)
                    return false;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Until <paramref name="node"/> is up (through the supervisor's restarts); on failure with every node's last lines.</summary>
    public async Task Up(NodeProcess node)
    {
        try
        {
            await node.WaitUntilUp();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(e.Message + Environment.NewLine +
                string.Join(Environment.NewLine, Nodes.Where(n => n != node).Select(n => $"--- {n.Name}{Environment.NewLine}{n.Tail(15)}")), e);
        }
    }

    /// <summary>SIGTERM to every node, newest first; their exit codes.</summary>
    public async Task<IReadOnlyList<int>> StopAll()
    {
        var codes = new List<int>();
        foreach (var node in Nodes.Reverse())
            codes.Add(await node.Stop());
        return codes;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            node.ExitedOnItsOwn -= Supervise;
            await node.DisposeAsync();
        }
    }
}
