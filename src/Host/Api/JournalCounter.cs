using LeverageActors.Actors.Persistence;
using LeverageActors.Host.Node;

namespace LeverageActors.Host.Api;

/// <summary>How many events the journal has recorded (its highest ordering), on either database.</summary>
public sealed class JournalCounter(NodeSettings settings)
{
    public Task<long?> Events(CancellationToken token) => JournalProbe.HighestOrderingAsync(settings.Journal, token);
}
