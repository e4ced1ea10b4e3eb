using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Node;

/// <summary>The real executable, as an operator runs it.</summary>
public class NodeProcessSpecs
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_node_comes_up_on_its_data_directory_serves_HTTP_and_exits_0_on_SIGTERM()
    {
        var dataDir = Directory.CreateTempSubdirectory("leverage-node-").FullName;
        try
        {
            var lines = await RunUntilUpThenStop("--data-dir", dataDir);

            Assert.True(File.Exists(Path.Combine(dataDir, "leverage.db")), "the journal file is created in the data directory");
            Assert.Contains(lines, l => l.Contains("journal SQLite") && l.Contains(dataDir));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>
    /// Ctrl+C and a service manager's stop are clean stops: the journal-following streams finish in
    /// coordinated shutdown before the actor system terminates, so nothing the node prints on the
    /// way out is an exception (<see cref="RunUntilUpThenStop(int, string[])"/> checks every line).
    /// </summary>
    [Theory]
    [InlineData(Sigint)]
    [InlineData(Sigterm)]
    public async Task A_clean_stop_prints_no_exception(int signal)
    {
        var dataDir = Directory.CreateTempSubdirectory("leverage-node-").FullName;
        try
        {
            var lines = await RunUntilUpThenStop(signal, "--data-dir", dataDir);

            Assert.Contains(lines, l => l.Contains(" is up"));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>
    /// Starts the executable with <paramref name="args"/>, waits until it is up and its API answers,
    /// stops it with SIGTERM and checks it exits with 0 having printed no exception; what it printed.
    /// </summary>
    internal static Task<List<string>> RunUntilUpThenStop(params string[] args) => RunUntilUpThenStop(Sigterm, args);

    internal static async Task<List<string>> RunUntilUpThenStop(int signal, params string[] args)
    {
        using var node = StartHost(["--port", FreePort().ToString(), "--api-url", "http://127.0.0.1:0", .. args]);
        var lines = new List<string>();
        var up = new TaskCompletionSource();
        var listening = new TaskCompletionSource<string>();
        node.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
            if (e.Data.Contains(" is up")) up.TrySetResult();
            if (e.Data.IndexOf("HTTP API listening on ", StringComparison.Ordinal) is var at and >= 0)
                listening.TrySetResult(e.Data[(at + 22)..].Split(' ')[0]);
        };
        node.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (lines) lines.Add(e.Data);
        };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        try
        {
            await up.Task.WaitAsync(StartTimeout);
            var api = await listening.Task.WaitAsync(StartTimeout);
            using (var http = new HttpClient { BaseAddress = new Uri(api) })
                // The first answer wakes the oracles from the journal: on a busy machine it may time out (504) first.
                await Eventually.Holds("the API to answer /markets", async () =>
                {
                    using var markets = await http.GetAsync("/markets");
                    return markets.StatusCode == HttpStatusCode.OK;
                });

            Assert.Equal(0, Kill(node.Id, signal));
            await HostProcess.ExitsWithin(node, StopTimeout);
            node.WaitForExit(); // the last lines of stdout and stderr are read

            Assert.Equal(0, node.ExitCode);
            lock (lines)
            {
                // Any exception or stack frame: a clean stop has neither.
                var thrown = lines.Where(l => l.Contains("Exception", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal)).ToList();
                Assert.True(thrown.Count == 0, $"A clean stop printed an exception:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
                return [.. lines];
            }
        }
        finally
        {
            // A failed check must not leave a node running on the machine.
            if (!node.HasExited)
                node.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task An_unknown_option_is_one_line_on_stderr_and_a_non_zero_exit()
    {
        using var node = StartHost("--no-such-option");
        var (_, stderr) = await HostProcess.Finishes(node, HostProcess.RunTimeout);

        Assert.NotEqual(0, node.ExitCode);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--no-such-option", stderr);
    }

    [Theory]
    [InlineData("--port", "99999", "Node:Port")]
    [InlineData("--seed", "not-an-address", "Seed node")]
    [InlineData("--seed", "akka.tcp://leverage@203.0.113.7:4053", "is not on this machine")]
    [InlineData("--api-url", "ftp://0.0.0.0:21", "Api:Url")]
    [InlineData("--journal-provider", "mysql", "Journal:Provider must be sqlite or postgres")]
    [InlineData("--journal-provider", "postgres", "Journal:ConnectionString is required")]
    public async Task A_bad_setting_is_one_line_naming_it_and_exit_code_2(string option, string value, string named)
    {
        using var node = StartHost(option, value);
        var (_, stderr) = await HostProcess.Finishes(node, HostProcess.RunTimeout);

        Assert.Equal(2, node.ExitCode);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, stderr);
    }

    /// <summary>
    /// The README's own override (one market named) dropped the default markets, and a journal holding
    /// their pools started without a risk index or a liquidator for their positions (found by a
    /// read-only review): the node now refuses to start, naming the markets and how to keep them.
    /// </summary>
    [Fact]
    public async Task A_journal_holding_a_pool_of_a_market_the_node_is_not_configured_with_is_refused_with_exit_code_2()
    {
        var dataDir = Directory.CreateTempSubdirectory("leverage-node-").FullName;
        try
        {
            Actors.Persistence.JournalTableWriter.Write(Path.Combine(dataDir, "leverage.db"),
                [("pool-BTC-USD", new Messages.Pools.PoolOpened(Messages.Ids.MarketId.From("BTC-USD"), new Messages.Markets.MarketParameters(), DateTimeOffset.UnixEpoch)),
                 ("pool-BTC-USD", new Messages.Pools.LiquidityAdded(Messages.Ids.MarketId.From("BTC-USD"), Messages.Ids.AccountId.From("lp"),
                     Messages.Ids.RequestId.From("r"), 1_000m, 1_000m, 1m, DateTimeOffset.UnixEpoch))]);

            using var node = HostProcess.Start(new Dictionary<string, string> { ["LEVERAGE_Markets__ETH-USD__MaxLeverage"] = "25" },
                "--data-dir", dataDir, "--port", FreePort().ToString(), "--api-url", "http://127.0.0.1:0");
            var (_, stderr) = await HostProcess.Finishes(node, HostProcess.RunTimeout);

            Assert.Equal(2, node.ExitCode);
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("the journal holds the pool of BTC-USD", stderr);
            Assert.Contains("LEVERAGE_Markets__BTC-USD__MaxLeverage", stderr);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>A number past its type was an overflow's stack trace (found by a read-only review).</summary>
    [Fact]
    public async Task A_market_setting_too_large_for_its_type_is_one_line_and_exit_code_2()
    {
        using var node = HostProcess.Start(new Dictionary<string, string> { ["LEVERAGE_Markets__ETH-USD__Volatility__MinSamples"] = "3000000000" },
            "--port", FreePort().ToString(), "--api-url", "http://127.0.0.1:0");
        var (_, stderr) = await HostProcess.Finishes(node, HostProcess.RunTimeout);

        Assert.Equal(2, node.ExitCode);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", stderr);
    }

    [Fact]
    public async Task A_bad_connection_string_is_named_without_repeating_it()
    {
        using var node = StartHost("--journal-provider", "postgres", "--journal", "Host=db;Colour=blue;Password=never-printed");
        var (_, stderr) = await HostProcess.Finishes(node, HostProcess.RunTimeout);

        Assert.Equal(2, node.ExitCode);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Journal:ConnectionString is not a PostgreSQL connection string", stderr);
        Assert.DoesNotContain("never-printed", stderr);
    }

    [Fact]
    public async Task Help_lists_the_node_verb_and_its_options()
    {
        using var node = StartHost("--help");
        var (stdout, _) = await HostProcess.Finishes(node, HostProcess.RunTimeout);

        Assert.Equal(0, node.ExitCode);
        Assert.Contains("node", stdout);
        Assert.Contains("--port", stdout);
        Assert.Contains("--data-dir", stdout);
        Assert.Contains("--journal-provider", stdout);
    }

    private static Process StartHost(params string[] args) => HostProcess.Start(args);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const int Sigint = 2;
    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
