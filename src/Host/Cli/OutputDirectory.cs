namespace LeverageActors.Host.Cli;

/// <summary>
/// An output directory a verb writes its files into, checked before the work: a read-only place or
/// a file of that name is one line and exit code 2 at once, not a stack trace after a long run.
/// </summary>
public static class OutputDirectory
{
    /// <summary>Creates the directory and writes (then removes) a file in it; the failure's reason, or null.</summary>
    public static string? Unwritable(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-check-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"--out '{directory}': cannot write there: {e.Message}";
        }
    }
}
