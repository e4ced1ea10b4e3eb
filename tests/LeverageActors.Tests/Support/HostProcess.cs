using System.Diagnostics;

namespace LeverageActors.Tests.Support;

/// <summary>Runs the real executable to completion and captures what it printed.</summary>
public static class HostProcess
{
    private static readonly List<Process> Started = [];

    /// <summary>A node a failed test never stopped must not outlive the test run (it would keep a price feed and a port busy).</summary>
    static HostProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        lock (Started)
            foreach (var process in Started)
                try
                {
                    if (!process.HasExited)
                        process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
    };

    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the executable only (e.g. <c>LEVERAGE_</c> settings).</param>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LeverageActors.Host.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the host");
        lock (Started)
            Started.Add(process);
        return process;
    }

    /// <summary>How long a command that ends by itself (a refusal, <c>--help</c>, an audit, a simulation) may take.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        RunAsync(new Dictionary<string, string>(), args);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(environment, args);
        var (stdout, stderr) = await Finishes(process, RunTimeout);
        return (process.ExitCode, stdout, stderr);
    }

    /// <summary>What a started process printed, once it has exited within <paramref name="within"/>; a hang fails (see <see cref="ExitsWithin"/>).</summary>
    public static async Task<(string Stdout, string Stderr)> Finishes(Process process, TimeSpan within)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await ExitsWithin(process, within);
        }
        catch (TimeoutException hung)
        {
            // Killed: its streams end, and what it printed last says where it hung.
            throw new TimeoutException($"{hung.Message}. Its last output:\n{Last(await stdout, 40)}\nstderr:\n{Last(await stderr, 10)}", hung);
        }

        return (await stdout, await stderr);
    }

    private static string Last(string output, int lines) =>
        string.Join('\n', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));

    /// <summary>
    /// Waits for the process to exit; if it has not within <paramref name="within"/>, kills it and
    /// fails, so a hung executable fails its test instead of stalling the run.
    /// </summary>
    public static async Task ExitsWithin(Process process, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the executable (pid {process.Id}) did not exit within {within}; killed");
        }
    }
}
