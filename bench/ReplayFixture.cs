using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Bench;

/// <summary>
/// A journal of <c>trades</c> opens and closes written into a fresh database, and the two ways of
/// reading it back: the audit's replay, and the baseline of reading and deserializing the same
/// rows and nothing else. The quick bench and BenchmarkDotNet measure the same journal.
/// </summary>
public sealed class ReplayFixture
{
    private readonly IJournalSource _source;

    public ReplayFixture(BenchDatabase database, int trades)
    {
        Engine = database.Engine;
        var exchange = JournalFixture.Trading(open: trades / 10, closed: trades - trades / 10);
        Actors.Persistence.JournalTableWriter.Write(database.Journal, exchange.Journal);
        _source = JournalSource.For(database.Journal);
        Events = _source.Count();
    }

    public string Engine { get; }

    public long Events { get; }

    /// <summary>The baseline: every row read and its event deserialized; returns how many.</summary>
    public int ReadAndDecode()
    {
        var decoded = 0;
        foreach (var row in _source.Rows())
        {
            _ = LeverageSerializer.Decode(row.Payload, row.Manifest!);
            decoded++;
        }

        return decoded;
    }

    /// <summary>The audit's replay of every row; returns the violations it found (none, for this journal).</summary>
    public int Audit() => Replay().Violations.Count;

    /// <summary>Throws, naming the first violation, unless the journal audits clean.</summary>
    public void AssertClean()
    {
        var violations = Replay().Violations;
        if (violations.Count > 0)
            throw new InvalidOperationException($"the benchmark journal has {violations.Count} violations, the first: {violations[0]}");
    }

    private AuditLedger Replay()
    {
        var ledger = new AuditLedger(MarketCatalog.Default);
        foreach (var row in _source.Rows())
            ledger.Read(row);
        ledger.Finish();
        return ledger;
    }
}
