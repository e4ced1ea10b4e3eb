namespace LeverageActors.Bench;

/// <summary>
/// Bytes the process passed through read and write calls (Linux <c>/proc/self/io</c>: rchar,
/// wchar), whether or not they reached the disk: a journal's read and write amplification per operation.
/// </summary>
internal sealed record IoUse(long Read, long Written)
{
    public static IoUse Now()
    {
        long read = 0, written = 0;
        if (File.Exists("/proc/self/io"))
            foreach (var line in File.ReadLines("/proc/self/io"))
            {
                var parts = line.Split(':', StringSplitOptions.TrimEntries);
                if (parts is ["rchar", var r])
                    read = long.Parse(r);
                else if (parts is ["wchar", var w])
                    written = long.Parse(w);
            }

        return new IoUse(read, written);
    }

    public IoUse PerOperation(IoUse before, long operations) =>
        new((Read - before.Read) / Math.Max(1, operations), (Written - before.Written) / Math.Max(1, operations));

    public override string ToString() => $"{Read / 1024.0:N1} KiB read, {Written / 1024.0:N1} KiB written";
}
