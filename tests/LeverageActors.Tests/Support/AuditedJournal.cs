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

    /// <summary>
    /// The story's journal with its last deposit decided again by <paramref name="rule"/> on the pool as
    /// it stood (an older node's rule, or a forger's): the event that rule would have written in its place.
    /// </summary>
    public static List<(string PersistenceId, ILeverageEvent Event)> LastDepositDecidedBy(ExchangeStory s,
        Func<Actors.Pools.PoolState, Messages.Pools.AddLiquidity, Actors.Entities.Handling<Actors.Pools.PoolState, Messages.Pools.IPoolEvent>> rule)
    {
        var journal = s.X.Journal.ToList();
        var last = journal.FindLastIndex(e => e.Event is Messages.Pools.LiquidityAdded);
        var fold = new Actors.Common.JournalFold(MarketCatalog.Default);
        foreach (var (_, evt) in journal.Take(last))
            fold.Apply(evt);
        var added = (Messages.Pools.LiquidityAdded)journal[last].Event;
        var decided = rule(fold.Pools[added.Market].AccruedTo(added.At),
            new Messages.Pools.AddLiquidity(added.Market, added.Provider, added.RequestId, added.Amount, added.Price, added.At));
        journal[last] = (journal[last].PersistenceId, decided.Events.OfType<Messages.Pools.LiquidityAdded>().Single());
        return journal;
    }

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
