using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using LeverageActors.Host.Cli;

namespace LeverageActors.Tests.Support;

/// <summary>
/// One node of a cluster as a process of the real executable, on fixed ports so that it comes back
/// where the others expect it after a crash; what it printed is kept, the last lines for reports.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string[] _args;
    private readonly List<string> _lines = [];
    private Process? _process;
    private TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _nextStart = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;

    public NodeProcess(string name, int remotingPort, int apiPort, IReadOnlyList<string> seeds, string journal,
        IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        RemotingPort = remotingPort;
        Api = new Uri($"http://127.0.0.1:{apiPort}");
        _environment = environment;
        _args =
        [
            "node", "--hostname", "127.0.0.1", "--port", remotingPort.ToString(), "--api-url", Api.ToString().TrimEnd('/'),
            "--journal-provider", "postgres", "--journal", journal, "--prices", "none",
            .. seeds.SelectMany(s => new[] { "--seed", s }),
        ];
    }

    public string Name { get; }

    public int RemotingPort { get; }

    public Uri Api { get; }

    public string Address => $"akka.tcp://leverage@127.0.0.1:{RemotingPort}";

    public bool Running => _process is { HasExited: false };

    /// <summary>The process ended without the test stopping or killing it (e.g. downed by the split-brain resolver); with its exit code.</summary>
    public event Action<NodeProcess, int>? ExitedOnItsOwn;

    /// <summary>
    /// When this incarnation last started the market-watch singleton (its liquidator logs where it
    /// follows breaches from); null when it has not. The node that did so most recently hosts it.
    /// </summary>
    public DateTime? MarketWatchStartedAt { get; private set; }

    /// <summary>Starts the process; <see cref="WaitUntilUp"/> waits for it to join.</summary>
    public void Start()
    {
        _up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        MarketWatchStartedAt = null;
        _stopping = false;
        var process = HostProcess.Start(_environment, _args);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            // Only this incarnation's own end: not a kill or stop, not an older process's late event.
            if (!_stopping && ReferenceEquals(_process, process))
                ExitedOnItsOwn?.Invoke(this, process.ExitCode);
        };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var started = _nextStart;
        _nextStart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        started.TrySetResult();
    }

    /// <summary>
    /// Until the node logs that it is an Up member of its cluster; fails with its last lines if it
    /// exits or takes too long. An exit with code 3 (the node left its cluster or no seed let it
    /// join) is waited through when a supervisor listens to <see cref="ExitedOnItsOwn"/>: it starts
    /// the node again.
    /// </summary>
    public async Task WaitUntilUp()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var process = _process!;
            var up = _up.Task;
            var nextStart = _nextStart.Task;
            var exited = process.WaitForExitAsync();
            var timeout = Task.Delay(StartTimeout - deadline.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero);
            var first = await Task.WhenAny(up, exited, timeout);
            if (first == up)
                return;
            if (first == exited && ExitedOnItsOwn is not null && process.ExitCode == NodeCommand.LeftClusterExitCode
                && await Task.WhenAny(nextStart, timeout) == nextStart)
                continue;
            throw new InvalidOperationException($"{Name} did not come up ({(first == exited ? $"exit code {process.ExitCode}" : $"{StartTimeout}")}):{Environment.NewLine}{Tail(30)}");
        }
    }

    /// <summary>kill -9: no shutdown hooks, no leaving, no flushing.</summary>
    public async Task Kill()
    {
        _stopping = true;
        var process = _process!;
        lock (_lines)
            _lines.Add($"---- (test) {Name} kill -9 at {DateTime.UtcNow:HH:mm:ss.fff}");
        Assert.Equal(0, kill(process.Id, Sigkill));
        await Gone(process, "kill -9");
        process.Dispose();
        _process = null;
        MarketWatchStartedAt = null;
    }

    /// <summary>
    /// A killed process is gone within seconds, but the wait also drains its output, which a child
    /// that inherited the pipes could hold open: bounded, so such a leak fails the test by name
    /// instead of stalling the run.
    /// </summary>
    private async Task Gone(Process process, string after)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"{Name} (pid {process.Id}) was not gone a minute after {after}:{Environment.NewLine}{Tail(30)}");
        }
    }

    /// <summary>SIGTERM, as systemd stops a node; its exit code.</summary>
    public async Task<int> Stop()
    {
        _stopping = true;
        var process = _process;
        if (process is null)
            return 0;
        _process = null;
        if (!process.HasExited)
            Assert.Equal(0, kill(process.Id, Sigterm));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Name} did not stop within a minute of SIGTERM:{Environment.NewLine}{Tail(30)}");
        }

        var code = process.ExitCode;
        process.Dispose();
        return code;
    }

    /// <summary>Everything the node printed, across its restarts.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_lines)
            return [.. _lines];
    }

    public string Tail(int lines)
    {
        lock (_lines)
            return string.Join(Environment.NewLine, _lines.TakeLast(lines));
    }

    /// <summary>Lines the node printed matching <paramref name="match"/>, across its restarts.</summary>
    public IReadOnlyList<string> LinesWith(string match)
    {
        lock (_lines)
            return _lines.Where(l => l.Contains(match, StringComparison.Ordinal)).ToList();
    }

    private void Record(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
            _lines.Add(line);
        if (line.Contains(" starting; journal ", StringComparison.Ordinal))
            lock (_lines)
                _lines.Add($"---- (test) {Name} started at {DateTime.UtcNow:HH:mm:ss.fff}");
        if (line.Contains(" is up", StringComparison.Ordinal))
            _up.TrySetResult();
        if (line.Contains("Liquidator ETH-USD: following breaches", StringComparison.Ordinal))
            MarketWatchStartedAt = DateTime.UtcNow;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await Gone(process, "disposal");
        }

        _process?.Dispose();
    }

    private const int Sigkill = 9;
    private const int Sigterm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
