namespace LeverageActors.Actors.Common;

/// <summary>
/// How far a tag's rows have been handed on. A tag query hands its rows in ordering order, so a row
/// at or before the last one handed on has been handed on already: a query started again too early
/// repeats it (seen once in CI, after a failure), and it must not reach an actor twice.
/// </summary>
public sealed class HandedRows(long after)
{
    /// <summary>The highest ordering handed on, or where the query started.</summary>
    public long Last { get; private set; } = after;

    /// <summary>Whether the row at <paramref name="ordering"/> is new; if so it is the last handed on from now on.</summary>
    public bool Passes(long ordering)
    {
        if (ordering <= Last)
            return false;
        Last = ordering;
        return true;
    }
}
