using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace LeverageActors.Bench;

/// <summary>
/// Which types the process allocates, from the runtime's allocation ticks (one event about every
/// 100 KB allocated, naming the type that crossed it): a sample, so shares, not exact bytes.
/// On with <c>--allocations</c>; it costs a little CPU while on. One per process: a second
/// listener heard nothing once the first was disposed.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private static readonly Lazy<AllocationSampler> Process = new(() => new AllocationSampler());

    public static AllocationSampler Shared => Process.Value;

    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private volatile bool _counting;

    public void Start()
    {
        _bytes.Clear();
        _counting = true;
    }

    public IReadOnlyList<(string Type, double Share)> Stop(int top)
    {
        _counting = false;
        var total = Math.Max(1, _bytes.Values.Sum());
        return [.. _bytes.OrderByDescending(t => t.Value).Take(top).Select(t => (t.Key, (double)t.Value / total))];
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_counting || e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null)
            return;
        var type = e.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? e.Payload![t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload![a]) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
