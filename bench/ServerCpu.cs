using System.Globalization;

namespace LeverageActors.Bench;

/// <summary>
/// CPU time of a PostgreSQL server on this machine: the postmaster and its children (backends,
/// WAL writer, checkpointer), read from /proc, with the postmaster's count of children that
/// already exited. The node's own process CPU misses this, yet the server shares its cores.
/// </summary>
public static class ServerCpu
{
    // Linux reports /proc times in clock ticks; USER_HZ is 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>The server's CPU so far; null when it cannot be read (another OS, the server gone).</summary>
    public static TimeSpan? Of(string dataDirectory)
    {
        try
        {
            var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            long ticks = 0;
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid) || Stat(pid) is not { } fields)
                    continue;
                // After the command name: state, ppid, ... utime (11), stime (12), cutime (13), cstime (14).
                if (pid == postmaster)
                    ticks += fields[11] + fields[12] + fields[13] + fields[14];
                else if (fields[1] == postmaster)
                    ticks += fields[11] + fields[12];
            }

            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static long[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')
                .Select(f => long.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .ToArray();
        }
        catch (IOException)
        {
            return null; // gone between listing and reading
        }
    }
}
