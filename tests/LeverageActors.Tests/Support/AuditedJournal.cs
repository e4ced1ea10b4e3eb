using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Support;

/// <summary>
/// The audit of a journal written from these events into a real SQLite journal table and read back
/// as the audit command reads it, so a rule is proven on stored rows, not on objects in memory.
/// </summary>
public static class AuditedJournal
{
    /// <summary>The story's journal with each event passed through <paramref name="edit"/>: a forger's hand at the rows.</summary>
    public static List<(string PersistenceId, ILeverageEvent Event)> Edited(ExchangeStory s, Func<ILeverageEvent, ILeverageEvent> edit) =>
        s.X.Journal.Select(e => (e.PersistenceId, edit(e.Event))).ToList();

    public static AuditLedger Of(IEnumerable<(string PersistenceId, ILeverageEvent Event)> journal, MarketCatalog? catalog = null)
    {
        var dir = Directory.CreateTempSubdirectory("leverage-audit-").FullName;
        try
        {
            var path = Path.Combine(dir, "journal.db");
            JournalTableWriter.Write(path, journal);
            var ledger = new AuditLedger(catalog ?? MarketCatalog.Default);
            foreach (var row in new SqliteJournalSource(path).Rows())
                ledger.Read(row);
            ledger.Finish();
            return ledger;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
