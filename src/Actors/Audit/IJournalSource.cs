namespace LeverageActors.Actors.Audit;

/// <summary>
/// A node's journal read straight from its table, never written: the audit needs no running node.
/// Reading rows directly (rather than through the read journal) also lets it see what the plugin
/// would hide: deleted flags, gaps and foreign serializers.
/// </summary>
public interface IJournalSource
{
    /// <summary>Where the journal is, for the report: never a password.</summary>
    string Description { get; }

    /// <summary>Rows in the table, for progress.</summary>
    long Count();

    /// <summary>Every row in the order it was written; those after <paramref name="after"/> (an ordering) when given, to follow a live journal.</summary>
    IEnumerable<JournalRow> Rows(long after = 0);
}
