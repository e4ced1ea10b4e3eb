using System.Collections.Immutable;
using Akka.Persistence.Journal;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Actors.Integrity;

/// <summary>
/// The writing end of one stream's hash chain, held by the actor that persists the stream: it
/// follows recovery from the bytes as stored, then seals each new event (serialized once, here)
/// with the link that continues the chain.
/// </summary>
public sealed class StreamChain(string persistenceId, bool link = true, bool acceptUnlinked = false)
{
    public const string Setting = "leverage.journal.chain-events";

    /// <summary>Recover rows without links after linked ones, as nodes before the check did (<see cref="Recovered"/>).</summary>
    public const string AcceptUnlinkedSetting = "leverage.journal.accept-unlinked-after-linked";

    /// <summary>Whether this node recovers rows without links after linked ones: every stream's chain, the liquidators' and digests' too, reads it.</summary>
    public static bool AcceptsUnlinked(Akka.Configuration.Config config) => config.GetBoolean(AcceptUnlinkedSetting, false);

    private byte[] _head = ChainHash.Genesis;
    private long _sequenceNr;
    // Whether a linked row (or a snapshot taken on one) came before: from then on every row has a link.
    private bool _linked;

    /// <summary>
    /// An event replayed at recovery, with the sequence number the journal gave it. A row's link must
    /// be the one its bytes and the link before make: a row edited in the database (its amount raised,
    /// its link left) would otherwise be the entity's state, spendable before anyone ran the audit. The
    /// recovery fails instead. A row without a link is recovered only before the stream's first linked
    /// one (a journal begun before chains): after it, a row added, or edited with its link taken away,
    /// would be spendable the same way. Nodes with <see cref="Setting"/> off, and nodes of a version before
    /// chains, write such rows: a stream they wrote to after linked rows recovers only with
    /// <see cref="AcceptUnlinkedSetting"/> on.
    /// </summary>
    public void Recovered(object evt, long sequenceNr)
    {
        if (!link)
            return;
        // Events read from a journal carry the form they were stored in; anything else (no
        // journal in between) is serialized the way it would have been stored.
        var stored = StoredForms.Of(evt);
        var (manifest, bytes) = stored is not null ? (stored.Manifest, stored.Bytes) : LeverageSerializer.Encode(evt);
        _head = ChainHash.Link(_head, persistenceId, sequenceNr, manifest, bytes);
        _sequenceNr = sequenceNr;
        if (stored?.Link is { } written)
        {
            if (!_head.AsSpan().SequenceEqual(written))
                throw new JournalChainBroken(persistenceId, sequenceNr,
                    written.Length == 0 ? "a malformed link" : $"the link {ChainHash.Hex(written)}, not {ChainHash.Hex(_head)} its bytes make");
            _linked = true;
        }
        else if (_linked && stored is not null && !acceptUnlinked)
        {
            throw new JournalChainBroken(persistenceId, sequenceNr, "no link, after linked rows (a row added, or its link taken away)");
        }
    }

    /// <summary>The link of the last event recovered or sealed, hex; a snapshot carries it to go on sealing from.</summary>
    public string Head => ChainHash.Hex(_head);

    /// <summary>Recovery starts from a snapshot taken at <paramref name="sequenceNr"/>, whose link was <paramref name="head"/>.</summary>
    public void Restored(string? head, long sequenceNr)
    {
        if (!link)
            return;
        _head = head is null ? ChainHash.Genesis : Convert.FromHexString(head);
        _sequenceNr = sequenceNr;
        // A node with chains off still records the genesis as its snapshots' head: nothing was linked.
        _linked = head is not null && !Convert.FromHexString(head).AsSpan().SequenceEqual(ChainHash.Genesis);
    }

    /// <summary>The next event to persist, with its tags and its link; call in the order the events are persisted.</summary>
    public Tagged Seal(Tagged tagged)
    {
        if (!link)
            return tagged;
        var (manifest, bytes) = LeverageSerializer.Encode(tagged.Payload);
        _head = ChainHash.Link(_head, persistenceId, ++_sequenceNr, manifest, bytes);
        return new Tagged(new SealedEvent(tagged.Payload, manifest, bytes), tagged.Tags.Add(ChainHash.Tag(_head)));
    }

    public Tagged Seal(object evt) => Seal(new Tagged(evt, ImmutableHashSet<string>.Empty));
}
