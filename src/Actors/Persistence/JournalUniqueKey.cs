namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The journal's unique key on (persistence_id, sequence_number), checked at every start: the node
/// creates it with the table, but a table made by hand, restored from a dump without its indexes,
/// or an index dropped or left invalid would let two incarnations of an account (two clusters on
/// one journal, a restart racing its predecessor's last write) both commit one sequence number,
/// each spending the same balance. A node does not start on such a journal.
/// </summary>
public static class JournalUniqueKey
{
    public static InvalidOperationException Missing(string create) => new(
        "the journal table has no unique key on (persistence_id, sequence_number): two incarnations of an entity could both write one " +
        $"sequence number and spend one balance twice. Create it (after removing any duplicate pair the audit names): {create}");
}
