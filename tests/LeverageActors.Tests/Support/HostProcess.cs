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

    public static Process Start(params string[] args)
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
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the host");
        lock (Started)
            Started.Add(process);
        return process;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
