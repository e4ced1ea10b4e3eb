namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The one row of table <c>journal_identity</c> in a journal database, in that database's SQL: one
/// implementation per journal provider (<see cref="SqliteJournalIdentityTable"/>,
/// <see cref="PostgresJournalIdentityTable"/>).
/// </summary>
public interface IJournalIdentityTable
{
    /// <summary>
    /// Creates the table when missing and stores <paramref name="candidate"/> unless an id is
    /// stored already, atomically, so nodes starting together on one database agree; returns the
    /// stored id.
    /// </summary>
    string ReadOrCreate(string candidate, DateTimeOffset now);
}
