using Akka.Persistence.Journal;
using LeverageActors.Actors.Integrity;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Integrity;

/// <summary>
/// Which rows without a hash-chain link a recovering entity takes: those before its stream's first
/// linked row (a journal begun before chains), not one after it (a row added, or its link taken away),
/// unless the node is told to (streams a node with chains off, or of a version before them, wrote to).
/// A snapshot a node with chains off took carries the genesis as its head: nothing was linked.
/// </summary>
public sealed class UnlinkedRowRecoverySpecs
{
    private const string Oracle = "oracle-ETH-USD";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_row_without_a_link_after_linked_rows_stops_the_recovery_unless_the_node_accepts_such_rows()
    {
        var writer = new StreamChain(Oracle);
        var linked = Enumerable.Range(1, 2).Select(n => (Sealed: writer.Seal(Price(n)), N: n)).ToList();

        var refusing = new StreamChain(Oracle);
        foreach (var (sealedEvent, n) in linked)
            refusing.Recovered(Read(n, sealedEvent, withLink: true), n);
        var broken = Assert.Throws<JournalChainBroken>(() => refusing.Recovered(Unlinked(3), 3));
        Assert.Contains("no link", broken.Message);

        var accepting = new StreamChain(Oracle, acceptUnlinked: true);
        foreach (var (sealedEvent, n) in linked)
            accepting.Recovered(Read(n, sealedEvent, withLink: true), n);
        accepting.Recovered(Unlinked(3), 3);
    }

    [Fact]
    public void Rows_without_links_before_the_first_linked_row_are_recovered_and_the_linked_ones_still_checked()
    {
        var writer = new StreamChain(Oracle);
        var rows = Enumerable.Range(1, 3).Select(n => writer.Seal(Price(n))).ToList();

        var recovering = new StreamChain(Oracle);
        recovering.Recovered(Read(1, rows[0], withLink: false), 1);
        recovering.Recovered(Read(2, rows[1], withLink: false), 2);
        recovering.Recovered(Read(3, rows[2], withLink: true), 3);
        Assert.Throws<JournalChainBroken>(() => recovering.Recovered(Unlinked(4), 4));
    }

    [Fact]
    public void A_snapshot_with_the_genesis_as_its_head_links_nothing_and_one_with_a_real_head_does()
    {
        var writer = new StreamChain(Oracle);
        writer.Seal(Price(1));

        var afterChainsOff = new StreamChain(Oracle);
        afterChainsOff.Restored(ChainHash.Hex(ChainHash.Genesis), 1);
        afterChainsOff.Recovered(Unlinked(2), 2);

        var afterChainsOn = new StreamChain(Oracle);
        afterChainsOn.Restored(writer.Head, 1);
        Assert.Throws<JournalChainBroken>(() => afterChainsOn.Recovered(Unlinked(2), 2));
    }

    private static PriceAccepted Price(int n) =>
        new(MarketId.From("ETH-USD"), 2_000m + n, n, 3, T0.AddSeconds(n), T0.AddSeconds(n));

    /// <summary>Event <paramref name="n"/> as read back from its row, with the row's link or with it taken away.</summary>
    private static PriceAccepted Read(int n, Tagged sealedEvent, bool withLink)
    {
        var stored = (SealedEvent)sealedEvent.Payload;
        var link = sealedEvent.Tags.Single(t => t.StartsWith("chain:", StringComparison.Ordinal))["chain:".Length..];
        var evt = Price(n);
        StoredForms.Read(evt, stored.Manifest, stored.Bytes, withLink ? Convert.FromHexString(link) : null);
        return evt;
    }

    /// <summary>Event <paramref name="n"/> read from a row that has no link.</summary>
    private static PriceAccepted Unlinked(int n)
    {
        var evt = Price(n);
        var (manifest, bytes) = LeverageSerializer.Encode(evt);
        StoredForms.Read(evt, manifest, bytes, null);
        return evt;
    }
}
