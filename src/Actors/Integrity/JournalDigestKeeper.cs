using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Metrics;
using LeverageActors.Messages.Journal;

namespace LeverageActors.Actors.Integrity;

/// <summary>
/// The cluster's one digest taker (a singleton): on a timer, on request and when it stops, it
/// reads the journal rows written since its last look, folds them into every stream's head, and
/// commits to the whole journal with a Merkle root that it persists in its own chained stream,
/// writes to the digest file and logs. A tick that finds nothing new but its own last digest
/// takes none, so an idle journal does not grow a row a minute.
/// </summary>
public sealed class JournalDigestKeeper : ReceivePersistentActor, IWithTimers
{
    public const string StreamId = "journal-digest";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IJournalSource _source;
    private readonly DigestSettings _settings;
    private readonly DigestSigner? _signer;
    private JournalChains _chains = new();
    private JournalDigestTaken? _last;
    private int _breaksReported;
    private bool _lastChecked;
    // The file found at a start that raised the alarm could not be moved aside: it stays as found.
    private bool _keepFile;
    private readonly StreamChain _chain = new(StreamId, acceptUnlinked: StreamChain.AcceptsUnlinked(Context.System.Settings.Config));
    private readonly List<IActorRef> _waiting = [];
    private bool _reading;
    private bool _again;
    private bool _stopping;

    public JournalDigestKeeper(IJournalSource source, DigestSettings settings)
    {
        _source = source;
        _settings = settings;
        // Each incarnation its own signer, disposed when it stops; the seed was checked at start.
        _signer = settings.SigningKey is { } seed ? DigestSigner.FromSeed(seed, out _) : null;

        Recover<JournalDigestTaken>(e =>
        {
            _chain.Recovered(e, LastSequenceNr);
            _last = e;
        });
        Recover<RecoveryCompleted>(_ =>
        {
            // The first look keeps heads as of the digest it checks against (FirstReference), read off the actor's thread.
            if (_settings.Every > TimeSpan.Zero)
                Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, _settings.Every);
        });
        Command<Tick>(_ => Start(requested: false));
        Command<TakeJournalDigest>(_ =>
        {
            _waiting.Add(Sender);
            Start(requested: true);
        });
        Command<Shutdown>(_ =>
        {
            _stopping = true;
            Start(requested: true);
        });
        Command<Read>(Persist);
        Command<Status.Failure>(failure =>
        {
            _log.Warning("Journal digest not taken: cannot read {0}: {1}", _source.Description, failure.Cause.Message);
            foreach (var waiting in _waiting)
                waiting.Tell(failure);
            _waiting.Clear();
            Finish();
        });
    }

    public override string PersistenceId => StreamId;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IJournalSource source, DigestSettings settings) =>
        Akka.Actor.Props.Create(() => new JournalDigestKeeper(source, settings));

    private void Start(bool requested)
    {
        if (_reading)
        {
            _again |= requested;
            return;
        }

        _reading = true;
        var first = !_lastChecked;
        var last = _last;
        var lastNumber = LastSequenceNr;
        // Off the actor's thread: the first look reads the digest file and the whole journal. Only
        // this task touches the chains until it reports back.
        Task.Run(() =>
        {
            var (reference, cut, notCompared) = first
                ? DigestReference.AtStart(last, lastNumber, _settings.File, _settings.Journal, _signer)
                : (null, null, null);
            if (first)
                _chains = new JournalChains(reference?.Ordering ?? 0);
            var after = _chains.HighestOrdering;
            var others = 0L;
            foreach (var row in _source.Rows(after))
            {
                _chains.Read(row);
                if (row.PersistenceId != StreamId)
                    others++;
            }

            var rewritten = reference is { } r && MerkleRoot.Of(_chains.HeadsAtCutoff()) is var root && root != r.Root
                ? $"the journal up to ordering {r.Ordering} makes the root {root}, not the {r.Root} {r.Name} committed to"
                : null;
            var changed = cut is null ? rewritten : rewritten is null ? cut : $"{cut}; {rewritten}";
            return new Read(JournalDigest.Of(_chains.Heads(), _chains.HighestOrdering, DateTimeOffset.UtcNow) with { Journal = _settings.Journal },
                others > 0 || requested, [.. _chains.Breaks.Skip(_breaksReported)], changed, notCompared);
        }).PipeTo(Self);
    }

    /// <summary>
    /// What the look found changed, said loudly: a link a row does not continue to, or, at the first
    /// look after a start, a history the last digest committed to that the journal no longer holds (a
    /// rewrite with every link recomputed while the node was down, which no link shows). The digest is
    /// taken all the same (it commits to what is there, and the operator decides); only an earlier
    /// digest kept elsewhere proves which history was the written one. The last digest is the newer of
    /// the keeper's own stream's and the digest file's (<see cref="DigestReference"/>), so cutting the
    /// stream back does not hide a change the file committed to. On PostgreSQL a row committed
    /// after the last digest's look with an ordering below it can raise the second falsely.
    /// </summary>
    private void Alarm(Read read)
    {
        _lastChecked = true;
        foreach (var b in read.Breaks.Take(10))
            _log.Error("The journal was changed: {0} event #{1}: expected the link {2}, found {3} (run audit)", b.Entity, b.Sequence, b.Expected, b.Found);
        if (read.Breaks.Count > 0)
            NodeMetrics.For(Context.System).Journal.Changed("link", read.Breaks.Count);
        _breaksReported += read.Breaks.Count;
        if (read.Rewritten is { } rewritten)
        {
            _log.Error("The journal was changed while the node was down: {0} (check it against a digest kept elsewhere: audit --verify-digest)", rewritten);
            NodeMetrics.For(Context.System).Journal.Changed("digest");
            // The file is the evidence of the history it committed to: the next digest must not overwrite it.
            var (kept, error) = DigestReference.KeepAside(_settings.File);
            if (kept is not null)
                _log.Error("The digest file the node found at start is kept as {0}", kept);
            if (error is not null)
            {
                _keepFile = true;
                _log.Error("The digest file the node found at start could not be moved aside ({0}): no digest is written over it", error);
            }
        }

        if (read.NotCompared is { } notCompared)
        {
            // Not this journal's or this key's, or so edited (the journal's id is the database's): never written over,
            // and counted apart, so alerting can tell a forger's changed id from a file left beside a new journal.
            NodeMetrics.For(Context.System).Journal.Changed("not-compared");
            var (kept, error) = DigestReference.KeepAside(_settings.File);
            _keepFile = error is not null;
            _log.Warning("Journal digest: {0}; the file is kept as {1}", notCompared, kept ?? $"it was ({error}): no digest is written over it");
        }
    }

    private void Persist(Read read)
    {
        Alarm(read);
        if (!read.Worth)
        {
            Finish();
            return;
        }

        var digest = _signer?.Sign(read.Digest) ?? read.Digest;
        var taken = new JournalDigestTaken(digest.HighestOrdering, digest.Streams, digest.Root, digest.At, digest.Signature);
        PersistAsync(_chain.Seal(taken), _ =>
        {
            Publish(digest);
            foreach (var waiting in _waiting)
                waiting.Tell(taken);
            _waiting.Clear();
            Finish();
        });
    }

    private void Publish(JournalDigest digest)
    {
        try
        {
            if (_keepFile)
                throw new IOException("the file found at start is kept as evidence");
            var file = Path.GetFullPath(_settings.File);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = file + ".tmp";
            File.WriteAllText(temporary, digest.ToFile());
            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Warning("Journal digest not written to {0}: {1}", _settings.File, e.Message);
        }

        _log.Info("Journal digest {0} (up to ordering {1}, {2} streams)", digest.Line, digest.HighestOrdering, digest.Streams);
    }

    private void Finish()
    {
        _reading = false;
        if (_again)
        {
            _again = false;
            Start(requested: true);
        }
        else if (_stopping)
        {
            Context.Stop(Self);
        }
    }

    /// <summary>The chain already links the rejected digest: stopped, the keeper starts again from the journal (its supervisor).</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "The journal rejected digest #{0}; the keeper starts again from the journal", sequenceNr);
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _signer?.Dispose();
        base.PostStop();
    }

    /// <summary>Local timer tick.</summary>
    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>The singleton's termination message: a last digest, then stop.</summary>
    public sealed class Shutdown
    {
        public static readonly Shutdown Instance = new();
    }

    private sealed record Read(JournalDigest Digest, bool Worth, IReadOnlyList<ChainBreak> Breaks, string? Rewritten, string? NotCompared);
}
