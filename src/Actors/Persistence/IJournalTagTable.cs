using Akka.Persistence.Query;

namespace LeverageActors.Actors.Persistence;

/// <summary>A tag's events read from the journal's table, for a live follower catching up to the node's <see cref="JournalTail"/>.</summary>
internal interface IJournalTagTable
{
    /// <summary>Events of a tag one read hands on at most.</summary>
    const int Page = 500;

    /// <summary>
    /// A page of the tag's events after <paramref name="from"/> up to <paramref name="until"/>, and
    /// the ordering the next page starts after. Every row up to <paramref name="until"/> must
    /// already be visible (the tail has read past it).
    /// </summary>
    (IReadOnlyList<EventEnvelope> Page, long Scanned) Read(string tag, long from, long until);

    /// <summary>
    /// The offset just before the tag's newest row visible: the tag index's
    /// (<see cref="JournalTagIndex.BeforeNewest"/>), or on a PostgreSQL journal the node may not
    /// read an index of, looked for back from the table's end (<see cref="NewestTagRow.Before"/>, which says how far). On PostgreSQL a lower ordering still
    /// in flight can commit later, and a follower from here does not see it: only for a tag whose
    /// older rows no longer matter once a newer one exists, such as a market's prices.
    /// </summary>
    long BeforeNewest(string tag);
}
