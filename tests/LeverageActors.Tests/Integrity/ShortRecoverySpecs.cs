using Akka.Persistence.Journal;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Integrity;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Integrity;

/// <summary>
/// An entity that recovered without some of its events (what the journal's replay filter once did
/// to an entity two nodes wrote in turn: docs/FAULTS.md, "Events dropped at recovery") shows in the
/// journal however little its state feeds the audit's recomputations: it seals its next event at the
/// sequence number it saw, not the one the event is stored at, and the chain breaks there.
/// </summary>
public sealed class ShortRecoverySpecs
{
    private const string Oracle = "oracle-ETH-USD";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_entity_that_recovered_without_some_of_its_events_breaks_its_chain_at_its_next_event()
    {
        var writer = new StreamChain(Oracle);
        var rows = Enumerable.Range(1, 9).Select(n => Row(n, writer.Seal(Price(n)))).ToList();
        var whole = Verify(rows);

        // The next incarnation was replayed events 1 to 6 only, and the journal's highest, 9, as its sequence number.
        var shortRecovery = new StreamChain(Oracle);
        foreach (var n in Enumerable.Range(1, 6))
            shortRecovery.Recovered(Price(n), n);
        rows.Add(Row(10, shortRecovery.Seal(Price(10))));

        Assert.Empty(whole.Breaks);
        var found = Assert.Single(Verify(rows).Breaks);
        Assert.Equal((Oracle, 10L), (found.Entity, found.Sequence));
    }

    [Fact]
    public void An_entity_that_recovered_every_event_continues_its_chain()
    {
        var writer = new StreamChain(Oracle);
        var rows = Enumerable.Range(1, 9).Select(n => Row(n, writer.Seal(Price(n)))).ToList();

        var recovered = new StreamChain(Oracle);
        foreach (var n in Enumerable.Range(1, 9))
            recovered.Recovered(Price(n), n);
        rows.Add(Row(10, recovered.Seal(Price(10))));

        Assert.Empty(Verify(rows).Breaks);
    }

    private static PriceAccepted Price(int n) =>
        new(MarketId.From("ETH-USD"), 2_000m + n, n, 3, T0.AddSeconds(n), T0.AddSeconds(n));

    /// <summary>The row the journal stores for a sealed event: its bytes, its manifest, its tags with the link.</summary>
    private static JournalRow Row(long sequence, Tagged sealedEvent)
    {
        var evt = (SealedEvent)sealedEvent.Payload;
        return new JournalRow(sequence, Oracle, sequence, evt.Manifest, LeverageSerializer.Id, false, evt.Bytes,
            ";" + string.Join(';', sealedEvent.Tags) + ";");
    }

    private static JournalChains Verify(IEnumerable<JournalRow> rows)
    {
        var chains = new JournalChains();
        foreach (var row in rows)
            chains.Read(row);
        return chains;
    }
}
