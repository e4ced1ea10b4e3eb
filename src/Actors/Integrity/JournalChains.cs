using LeverageActors.Actors.Audit;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Actors.Integrity;

/// <summary>
/// Every stream's hash chain recomputed from the rows as stored, in write order: each row's link
/// must be the hash of the row and the previous link. Rows written before chains existed (no
/// link) are folded in from the genesis and counted as unchained; once a stream has a link, a
/// later row without one is a break, and so is any row without one written after the journal
/// began chaining. After a break the chain goes on from the stored link, so one altered row is
/// one break, not every row after it.
/// </summary>
public sealed class JournalChains
{
    private readonly Dictionary<string, Stream> _streams = new(StringComparer.Ordinal);
    private readonly List<ChainBreak> _breaks = [];
    private readonly long _cutoff;
    private long _firstChained = long.MaxValue;

    /// <param name="cutoff">Also keep each stream's head as of this ordering (a digest's), to rebuild its root.</param>
    public JournalChains(long cutoff = 0) => _cutoff = cutoff;

    public IReadOnlyList<ChainBreak> Breaks => _breaks;

    public long Rows { get; private set; }

    public long Unchained { get; private set; }

    /// <summary>
    /// Unchained rows written after the cutoff: no link, and no digest read with them, covers these.
    /// Without a cutoff, every unchained row.
    /// </summary>
    public long UnchainedAfterCutoff { get; private set; }

    public long HighestOrdering { get; private set; }

    public void Read(JournalRow row)
    {
        Rows++;
        HighestOrdering = Math.Max(HighestOrdering, row.Ordering);
        var stream = _streams.TryGetValue(row.PersistenceId, out var known) ? known : _streams[row.PersistenceId] = new Stream(row.PersistenceId);
        CheckNamedLink(stream, row);
        Span<byte> computed = stackalloc byte[ChainHash.Size];
        Span<byte> stored = stackalloc byte[ChainHash.Size];
        ChainHash.Link(stream.Head, stream.Id, row.SequenceNr, row.Manifest ?? "", row.Payload, computed);

        switch (ChainHash.FromTags(row.Tags, stored))
        {
            case StoredLink.None:
                if (stream.Chained)
                    Break(row, computed, "no link (removed from a chained stream)");
                else if (row.Ordering > _firstChained)
                    Break(row, computed, "no link (written after the journal began chaining)");
                else
                {
                    Unchained++;
                    if (row.Ordering > _cutoff)
                        UnchainedAfterCutoff++;
                }

                computed.CopyTo(stream.Head);
                break;
            case StoredLink.Malformed:
                Chain(stream, row);
                Break(row, computed, "a malformed link");
                computed.CopyTo(stream.Head);
                break;
            default:
                Chain(stream, row);
                if (!computed.SequenceEqual(stored))
                    Break(row, computed, Convert.ToHexStringLower(stored));
                stored.CopyTo(stream.Head);
                break;
        }

        stream.Sequence = row.SequenceNr;
        if (row.Ordering <= _cutoff)
            stream.AtCutoff = new StreamHead(row.PersistenceId, row.SequenceNr, stream.Head.ToArray());
        stream.Committed?.Observe(row.SequenceNr, stream.Head);
    }

    private static readonly string CheckpointManifest = MessageManifests.ByType[typeof(OracleCheckpointed)];

    /// <summary>
    /// An oracle's checkpoint names the link its snapshot must carry: the stream's link before it. A
    /// node restores the snapshot's link as its chain's head, so a checkpoint naming another (a node's
    /// bug, or rows rewritten with their links recomputed) would have the oracle go on from a head its
    /// journal never had. Checkpoints written before they named one are passed; an unreadable one is
    /// the ledger's to report.
    /// </summary>
    private void CheckNamedLink(Stream stream, JournalRow row)
    {
        if (row.Manifest != CheckpointManifest)
            return;
        string? named;
        try
        {
            named = (LeverageSerializer.Decode(row.Payload, row.Manifest) as OracleCheckpointed)?.ChainHead;
        }
        catch (Exception e) when (e is System.Runtime.Serialization.SerializationException or System.Text.Json.JsonException)
        {
            return;
        }

        var before = ChainHash.Hex(stream.Head);
        if (named is not null && named != before)
            _breaks.Add(new ChainBreak(row.PersistenceId, row.SequenceNr, before, $"a checkpoint naming the link {named}"));
    }

    private void Chain(Stream stream, JournalRow row)
    {
        if (stream.Chained)
            return;
        stream.Chained = true;
        _firstChained = Math.Min(_firstChained, row.Ordering);
    }

    /// <summary>Every stream's head now: what a digest commits to.</summary>
    public IReadOnlyList<StreamHead> Heads() =>
        _streams.Where(s => !s.Value.IsEmpty).Select(s => new StreamHead(s.Key, s.Value.Sequence, s.Value.Head.ToArray())).ToList();

    /// <summary>Every stream's head as of the cutoff ordering.</summary>
    public IReadOnlyList<StreamHead> HeadsAtCutoff() =>
        _streams.Values.Select(s => s.AtCutoff).OfType<StreamHead>().ToList();

    /// <summary>Before reading: remember the link each of these streams has at the committed sequence number.</summary>
    public void Watch(IEnumerable<StreamHead> committed)
    {
        foreach (var head in committed)
        {
            var stream = _streams.TryGetValue(head.Entity, out var known) ? known : _streams[head.Entity] = new Stream(head.Entity);
            stream.Committed = new CommittedHead(head.Sequence);
        }
    }

    /// <summary>What the journal holds at a watched stream's committed sequence number: null when the stream no longer reaches it.</summary>
    public (long Ends, byte[]? Hash) AtCommitted(string entity) =>
        _streams.TryGetValue(entity, out var stream) && !stream.IsEmpty
            ? (stream.Sequence, stream.Committed?.Hash)
            : (0, null);

    /// <summary>Streams with rows, with their latest sequence number.</summary>
    public IEnumerable<(string Entity, long Sequence)> Streams() =>
        _streams.Where(s => !s.Value.IsEmpty).Select(s => (s.Key, s.Value.Sequence));

    private void Break(JournalRow row, ReadOnlySpan<byte> expected, string found) =>
        _breaks.Add(new ChainBreak(row.PersistenceId, row.SequenceNr, Convert.ToHexStringLower(expected), found));

    private sealed class Stream(string persistenceId)
    {
        /// <summary>The persistence id in UTF-8, as the links hash it.</summary>
        public byte[] Id { get; } = System.Text.Encoding.UTF8.GetBytes(persistenceId);

        /// <summary>The latest link, overwritten in place row after row.</summary>
        public byte[] Head { get; } = new byte[ChainHash.Size];

        public long Sequence { get; set; }

        public bool Chained { get; set; }

        public bool IsEmpty => Sequence == 0;

        public StreamHead? AtCutoff { get; set; }

        public CommittedHead? Committed { get; set; }
    }

    private sealed class CommittedHead(long sequence)
    {
        public byte[]? Hash { get; private set; }

        public void Observe(long sequenceNr, byte[] hash)
        {
            if (sequenceNr == sequence)
                Hash = hash.ToArray();
        }
    }
}
