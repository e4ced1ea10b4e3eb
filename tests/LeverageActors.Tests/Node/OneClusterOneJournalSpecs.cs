using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Akka.Actor;
using LeverageActors.Actors.Membership;
using LeverageActors.Actors.Persistence;
using LeverageActors.Host.Node;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Membership;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Node;

/// <summary>
/// Issue 12's story: node A on its journal, node B started with A as its seed and its own embedded
/// journal. B must refuse to join (the real executable: exit code 2, one line on stderr) and A must
/// keep every account, whichever of the two restarts.
/// </summary>
public sealed class OneClusterOneJournalSpecs
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_node_on_its_own_journal_refuses_to_join_and_every_account_stays_on_the_first_across_restarts_of_either()
    {
        using var journalA = TestDatabase.OnDisk();
        var dataB = Directory.CreateTempSubdirectory("leverage-node-b-").FullName;
        var portA = FreePort();
        var a = await TestNode.StartAsync(journalA, new NodeOptions { Port = portA });
        var events = new MemberEvents(a.System);
        try
        {
            var traders = new List<ApiTrader>();
            for (var i = 0; i < 12; i++)
                traders.Add(await a.NewTrader(deposit: 1_000m));
            var idA = await JournalIdOf(a.System);

            // B joins A with its own journal: refused, A untouched.
            var first = await RunNodeB(dataB, a.ClusterAddress);
            var idB = StoredJournalId(Path.Combine(dataB, "leverage.db"));
            Assert.NotEqual(idA, idB);
            AssertRefused(first, idA, idB);
            await AssertEveryAccountIntact(a, traders);

            // B restarted: it reads its id from its journal again and is refused again.
            AssertRefused(await RunNodeB(dataB, a.ClusterAddress), idA, idB);
            Assert.Equal(idB, StoredJournalId(Path.Combine(dataB, "leverage.db")));

            // A restarted while B waits for it: A reads the same id, B is refused once A answers.
            var addressA = a.ClusterAddress;
            AssertNeverJoined(events, a);
            await a.DisposeAsync();
            using var waiting = new WaitingNode(HostProcess.Start(NodeBArguments(dataB, addressA)));
            await waiting.Says("Asking seed nodes", ProcessTimeout);
            a = await TestNode.StartAsync(journalA, new NodeOptions { Port = portA });
            events = new MemberEvents(a.System);
            Assert.Equal(idA, await JournalIdOf(a.System));
            AssertRefused(await waiting.Exit(ProcessTimeout), idA, idB);
            AssertNeverJoined(events, a);

            await AssertEveryAccountIntact(a, traders.Select(t => t.On(a)).ToList());
        }
        finally
        {
            await a.DisposeAsync();
            Directory.Delete(dataB, recursive: true);
        }
    }

    [Fact]
    public async Task Two_nodes_on_one_shared_file_form_one_cluster_on_one_journal_id()
    {
        using var journal = TestDatabase.OnDisk();
        await using var first = await TestNode.StartAsync(journal);
        await using var second = await TestNode.StartAsync(journal, NodeOptions.Joining(first));

        var health = await Json(second.Http.GetAsync("/health"));
        Assert.Equal(2, health.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up"));
        var id = await JournalIdOf(first.System);
        Assert.Equal(id, await JournalIdOf(second.System));
        Assert.Equal(id, StoredJournalId(journal.FilePath!));
        Assert.All(health.GetProperty("members").EnumerateArray(),
            m => Assert.Contains(JournalRole.Of(id), m.GetProperty("roles").EnumerateArray().Select(r => r.GetString())));
    }

    /// <summary>B was refused before it joined: A's cluster never had another member, not even Joining.</summary>
    private static void AssertNeverJoined(MemberEvents events, TestNode a) =>
        Assert.All(events.MembersSeen(), member => Assert.Equal(a.ClusterAddress, member));

    private static void AssertRefused((int ExitCode, string Stderr) outcome, JournalId clusterJournal, JournalId ownJournal)
    {
        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"its journal id is {clusterJournal}", line);
        Assert.Contains($"has id {ownJournal}", line);
        Assert.Contains(NodeWiring.SqliteCause, line);
    }

    /// <summary>Every account answers through A with all it was given, and the books balance.</summary>
    private static async Task AssertEveryAccountIntact(TestNode a, IReadOnlyList<ApiTrader> traders)
    {
        var health = await Json(a.Http.GetAsync("/health"));
        Assert.Equal([a.ClusterAddress.ToString()],
            health.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("address").GetString()));
        foreach (var trader in traders)
            Assert.Equal(1_000m, await trader.FreeBalance());
        await a.BooksBalance(traders);
    }

    private static string[] NodeBArguments(string dataDirectory, Address seed) =>
        ["--port", "0", "--data-dir", dataDirectory, "--api-url", "http://127.0.0.1:0", "--prices", "none", "--seed", seed.ToString()];

    private static async Task<(int ExitCode, string Stderr)> RunNodeB(string dataDirectory, Address seed)
    {
        using var node = new WaitingNode(HostProcess.Start(NodeBArguments(dataDirectory, seed)));
        return await node.Exit(ProcessTimeout);
    }

    private static async Task<JournalId> JournalIdOf(ActorSystem system) =>
        (await system.ActorSelection($"/user/{JournalGuard.Name}")
            .Ask<JournalIdResponse>(new GetJournalId(JournalId.From("a-probe")), TestNode.Timeout)).Journal;

    private static JournalId StoredJournalId(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT journal_id FROM {SqliteJournalIdentityTable.Table}";
        return JournalId.From((string)command.ExecuteScalar()!);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A node process whose output is read as it comes.</summary>
    private sealed class WaitingNode : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];
        private readonly Task<string> _stderr;
        private TaskCompletionSource _said = new();
        private string? _awaited;

        public WaitingNode(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                    return;
                lock (_lines)
                {
                    _lines.Add(e.Data);
                    if (_awaited is not null && e.Data.Contains(_awaited, StringComparison.Ordinal))
                        _said.TrySetResult();
                }
            };
            _process.BeginOutputReadLine();
            _stderr = _process.StandardError.ReadToEndAsync();
        }

        public Task Says(string text, TimeSpan timeout)
        {
            lock (_lines)
            {
                _awaited = text;
                _said = new TaskCompletionSource();
                if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
                    _said.TrySetResult();
            }

            return _said.Task.WaitAsync(timeout);
        }

        public async Task<(int ExitCode, string Stderr)> Exit(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cancel.Token);
            return (_process.ExitCode, await _stderr);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }
}
