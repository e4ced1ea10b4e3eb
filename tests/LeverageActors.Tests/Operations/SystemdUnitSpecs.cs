using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Operations;

/// <summary>
/// <c>deploy/leverage-node.service</c> as systemd reads it, and the node speaking systemd's
/// notify protocol. <c>systemd-analyze</c> comes with Debian's <c>systemd</c> package, which
/// tests/run.sh installs when it is missing: without it these tests fail, they never skip.
/// </summary>
public sealed partial class SystemdUnitSpecs
{
    private static readonly string Unit = Path.Combine(AppContext.BaseDirectory, "deploy", "leverage-node.service");
    private static readonly string EnvironmentFile = Path.Combine(AppContext.BaseDirectory, "deploy", "node.env");

    [Fact]
    public async Task The_unit_passes_systemd_analyze_verify_without_a_warning()
    {
        var (exitCode, output) = await Run("systemd-analyze", "verify", Unit);

        Assert.True(exitCode == 0 && output.Length == 0, $"systemd-analyze verify exited {exitCode}:\n{output}");
    }

    [Fact]
    public void The_unit_runs_the_node_as_its_own_user_with_notify_a_data_directory_a_restart_policy_and_an_environment_file()
    {
        var service = Section(File.ReadAllLines(Unit), "Service");

        Assert.Equal("notify", Assert.Single(service["Type"]));
        Assert.Equal("leverage", Assert.Single(service["User"]));
        Assert.Equal("leverage", Assert.Single(service["StateDirectory"]));
        Assert.Equal("LEVERAGE_Node__DataDirectory=/var/lib/leverage", service["Environment"].First(e => e.StartsWith("LEVERAGE_Node__", StringComparison.Ordinal)));
        Assert.Equal("on-failure", Assert.Single(service["Restart"]));
        Assert.Equal("2", Assert.Single(service["RestartPreventExitStatus"]));
        Assert.Equal("-/etc/leverage/node.env", Assert.Single(service["EnvironmentFile"]));
        Assert.EndsWith("LeverageActors.Host.dll node", Assert.Single(service["ExecStart"]));
    }

    [Fact]
    public void The_environment_file_holds_only_LEVERAGE_settings()
    {
        var lines = File.ReadAllLines(EnvironmentFile).Where(l => l.Length > 0).ToList();
        Assert.Contains(lines, l => !l.StartsWith('#'));
        foreach (var line in lines.Where(l => !l.StartsWith('#') || l.StartsWith("# LEVERAGE_", StringComparison.Ordinal)))
            Assert.Matches(Setting(), line.TrimStart('#', ' '));
    }

    /// <summary>
    /// The executable under a stand-in for systemd: its own PID namespace (the node is PID 1, as
    /// a service manager's child in a container is) and a notify socket the test listens on.
    /// </summary>
    [Fact]
    public async Task Under_a_service_manager_the_node_says_READY_once_started_and_STOPPING_on_SIGTERM()
    {
        var dataDir = Directory.CreateTempSubdirectory("leverage-notify-").FullName;
        var socketPath = Path.Combine(dataDir, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        try
        {
            var info = new ProcessStartInfo("unshare") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
                     {
                         "--pid", "--fork", "--kill-child", "--", "dotnet", Path.Combine(AppContext.BaseDirectory, "LeverageActors.Host.dll"),
                         "--port", FreePort().ToString(), "--data-dir", dataDir, "--api-url", "http://127.0.0.1:0", "--prices", "none",
                     })
                info.ArgumentList.Add(arg);
            info.Environment["NOTIFY_SOCKET"] = socketPath;
            using var manager = Start(info);
            manager.BeginOutputReadLine();
            manager.BeginErrorReadLine();

            var ready = await Receive(socket, "READY=1");
            Assert.Contains("READY=1", ready);

            Assert.Equal(0, Kill(ChildOf(manager.Id), Sigterm));
            var stopping = await Receive(socket, "STOPPING=1");
            Assert.Contains("STOPPING=1", stopping);
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await manager.WaitForExitAsync(stopped.Token);
            Assert.Equal(0, manager.ExitCode);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<string> Receive(Socket socket, string expected)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            var message = Encoding.UTF8.GetString(buffer, 0, received);
            if (message.Contains(expected, StringComparison.Ordinal))
                return message;
        }
    }

    /// <summary>The node: the one child of <c>unshare --fork</c>.</summary>
    private static int ChildOf(int pid)
    {
        var children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return int.Parse(Assert.Single(children));
    }

    private static Dictionary<string, List<string>> Section(string[] lines, string name)
    {
        var values = new Dictionary<string, List<string>>();
        var current = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith('['))
            {
                current = line.Trim('[', ']');
                continue;
            }

            var at = line.IndexOf('=');
            if (current != name || at < 0)
                continue;
            var key = line[..at];
            if (!values.TryGetValue(key, out var list))
                values[key] = list = [];
            list.Add(line[(at + 1)..]);
        }

        return values;
    }

    private static async Task<(int ExitCode, string Output)> Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Start(info);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    private static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"{info.FileName} is not installed ({e.Message}); tests/run.sh installs the Debian packages the tests need", e);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("^LEVERAGE_[A-Za-z0-9_-]+=.*$")]
    private static partial Regex Setting();

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
