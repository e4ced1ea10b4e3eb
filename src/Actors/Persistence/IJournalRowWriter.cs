namespace LeverageActors.Actors.Persistence;

/// <summary>A journal's own writes of rows into its table, bypassing the plugin.</summary>
public interface IJournalRowWriter : IDisposable
{
    /// <summary>One atomic write: all its rows commit together or none does; fails alone when it cannot go in.</summary>
    Task Write(IReadOnlyList<StoredEvent> rows);
}
