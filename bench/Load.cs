using System.Globalization;

namespace LeverageActors.Bench;

/// <summary>The machine's load average and the time, as the results are recorded beside.</summary>
public static class Load
{
    /// <summary>E.g. "load 2.1 / 1.8 / 1.5 at 22:14:03 UTC"; without /proc, the time only.</summary>
    public static string Now()
    {
        var at = DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load {fields[0]} / {fields[1]} / {fields[2]} at {at}";
        }
        catch (IOException)
        {
            return at;
        }
    }
}
