using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Metrics;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// The thin actor around every entity state: handle, persist, apply, answer, and keep re-sending
/// the state's outbox until the answers arrive. A reply goes where the handling says
/// (<see cref="Handling{TState, TEvent}.ReplyTo"/>): to the sender, or to the named entity
/// through its region; the answer to a finished saga always goes to the caller who asked.
/// </summary>
public abstract class EntityActor<TState, TEvent> : ReceivePersistentActor, IWithTimers
    where TState : IEntityState<TState, TEvent>
    where TEvent : class
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<RequestId, List<IActorRef>> _waiting = new();
    private readonly ImmutableTags _tags;
    private readonly EntityRouter _router;
    private readonly SagaMetrics _sagas = NodeMetrics.For(Context.System).Sagas;
    private readonly string _kind;
    private readonly StreamChain _chain;
    private readonly TimeProvider _clock;
    private int _stepsReported;
    private bool _deferred;

    /// <summary>The lapse recovery found, handled before the first command after it (<see cref="HandleLapseFirst"/>).</summary>
    private object? _lapseFirst;

    /// <summary>A lapse is being handled: the messages it leads to are not asked about lapses again.</summary>
    private bool _lapsing;

    /// <summary>When the outbox last went from empty to waiting, by <see cref="_clock"/>; null while it is empty.</summary>
    private DateTimeOffset? _unansweredSince;

    /// <param name="clock">The node's clock (its <see cref="TimeProvider"/> service), read only to ask the state what has lapsed (<see cref="Lapse"/>).</param>
    protected EntityActor(string persistenceId, TState initial, ImmutableTags tags, EntityRouter router, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        PersistenceId = persistenceId;
        _kind = persistenceId[..persistenceId.IndexOf('-')];
        State = initial;
        _tags = tags;
        _router = router;
        var config = Context.System.Settings.Config;
        _chain = new StreamChain(persistenceId, config.GetBoolean(StreamChain.Setting, true), StreamChain.AcceptsUnlinked(config));

        Recover<SnapshotOffer>(offer =>
        {
            _recovery.Started(offer.Metadata.SequenceNr);
            // A snapshot of another kind, or of another entity, is no state to start from.
            var restored = Restore(offer.Snapshot);
            if (restored is null)
                Distrust();
            State = restored.Value.State;
            _chain.Restored(restored.Value.ChainHead, offer.Metadata.SequenceNr);
        });
        Recover<TEvent>(e =>
        {
            _recovery.Replaying();
            if (_recovery.Unvouched)
            {
                if (!Vouches(e, State, _chain.Head))
                    Distrust();
                _recovery.Vouched();
            }

            if (KeepsSnapshots && IsCheckpoint(e))
                _recovery.PassedCheckpoint(State, _chain.Head, LastSequenceNr);
            State = State.Apply(e);
            _chain.Recovered(e, LastSequenceNr);
        });
        Recover<RecoveryCompleted>(_ =>
        {
            if (_recovery.Unvouched)
                Distrust();
            NodeMetrics.For(Context.System).Recoveries.Recovered(_kind, _recovery.StartedAt > 0, _recovery.Replayed);
            FailedWrites.For(Context.System).Recovered(PersistenceId);
            if (_recovery.ToSave is { } passed)
                SaveSnapshotAt(passed.SequenceNr, Snapshot(passed.State, passed.ChainHead));
            // A saga found lapsed is ended before anything of it is sent again, and before any command
            // (those stashed during recovery come first in the mailbox, the answer that woke the entity
            // among them: a pool's late reservation would otherwise open at the old price; review): its
            // step would act at the request's old marks, a recovery after an outage being the one way to days-old ones.
            if (Lapse(_clock.GetUtcNow()) is { } lapse)
            {
                _lapseFirst = lapse;
                Self.Tell(lapse);
                Timers.StartSingleTimer(RetryOutbox.Instance, RetryOutbox.Instance, RetryInterval);
                return;
            }

            FlushOutbox(State);
        });
        Command<SaveSnapshotSuccess>(saved =>
        {
            // Only the latest is ever read; the older ones are kept by nothing. The store may finish
            // saves out of order: one that lands after a later snapshot's is itself the older one.
            if (saved.Metadata.SequenceNr < _latestSnapshot)
            {
                DeleteSnapshot(saved.Metadata.SequenceNr);
                return;
            }

            _latestSnapshot = saved.Metadata.SequenceNr;
            DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failed =>
            Log.Warning(failed.Cause, "{0}: snapshot at {1} not saved; recovery replays from the one before", PersistenceId, failed.Metadata.SequenceNr));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotSuccess>(_ => { });
        Command<DeleteSnapshotFailure>(failed => Log.Warning(failed.Cause, "{0}: snapshot at {1} not deleted", PersistenceId, failed.Metadata.SequenceNr));
        Command<DeleteSnapshotsFailure>(failed => Log.Warning(failed.Cause, "{0}: older snapshots not deleted", PersistenceId));
        // Both wait for the writes in flight and send the outbox of the state they saw, never of
        // one holding events decided after them: a saga message may only stem from durable events.
        Command<RetryOutbox>(retry =>
        {
            HandleLapseFirst(null);
            var now = _clock.GetUtcNow();
            if (now - _unansweredSince >= LapseLooksAfter && Lapse(now) is { } lapse)
                Handle(lapse);
            var seen = State;
            DeferAsync(retry, _ => FlushOutbox(seen));
        });
        Command<StopEntity>(stop =>
        {
            HandleLapseFirst(null);
            var seen = State;
            DeferAsync(stop, _ =>
            {
                FlushOutbox(seen);
                Context.Stop(Self);
            });
        });
        CommandAny(Handle);
    }

    public override string PersistenceId { get; }

    /// <summary>
    /// Only an entity that keeps snapshots (<see cref="KeepsSnapshots"/>) asks the snapshot store at
    /// recovery: for the others the store would run a query that finds nothing for every entity
    /// woken, one of three queries each recovery costs. One whose snapshot the journal did not
    /// vouch for recovers from the journal alone (<see cref="SnapshotTrust"/>).
    /// </summary>
    public override Recovery Recovery =>
        KeepsSnapshots && SnapshotTrust.For(Context.System).Trusts(PersistenceId) ? new Recovery(SnapshotSelectionCriteria.Latest) : WithoutSnapshots;

    private static readonly Recovery WithoutSnapshots = new(SnapshotSelectionCriteria.None);

    /// <summary>
    /// What the state makes of the clock's <paramref name="now"/>: a message of its own for a saga
    /// that has waited past its deadline (<see cref="Positions.PositionState.Lapse"/>); null for none.
    /// Asked at recovery, before every message while <see cref="MayLapse"/>, and, while the outbox goes
    /// unanswered, at each retry from <see cref="LapseLooksAfter"/> on: a busy node answers a second or
    /// two late and a deadline is a minute, so the first retries need not read the clock.
    /// </summary>
    protected virtual object? Lapse(DateTimeOffset now) => null;

    /// <summary>
    /// Whether a saga that can lapse is in flight: then every message is preceded by the question
    /// (<see cref="Lapse"/>), one clock read each, so that no answer completes a lapsed saga.
    /// </summary>
    protected virtual bool MayLapse => false;

    private static readonly TimeSpan LapseLooksAfter = TimeSpan.FromSeconds(10);

    /// <summary>The lapse recovery found, unless <paramref name="message"/> is that lapse itself; once.</summary>
    private void HandleLapseFirst(object? message)
    {
        if (_lapseFirst is not { } first)
            return;
        _lapseFirst = null;
        if (!ReferenceEquals(first, message))
            Handle(first);
    }

    /// <summary>Whether this kind of entity saves snapshots and recovers from them.</summary>
    protected virtual bool KeepsSnapshots => false;

    /// <summary>
    /// Whether <paramref name="evt"/> is a checkpoint: once it is durable, the snapshot of the state
    /// before it is saved at the sequence number before its own, so that a recovery from that
    /// snapshot replays the checkpoint first (<see cref="Vouches"/>).
    /// </summary>
    protected virtual bool IsCheckpoint(TEvent evt) => false;

    /// <summary>The snapshot of <paramref name="state"/>, whose chain ended at <paramref name="chainHead"/>.</summary>
    protected virtual object Snapshot(TState state, string chainHead) => throw new NotSupportedException($"{PersistenceId} keeps no snapshots");

    /// <summary>The state a snapshot holds and the chain's link where it was taken; null: not this entity's kind of snapshot.</summary>
    protected virtual (TState State, string? ChainHead)? Restore(object snapshot) => null;

    /// <summary>
    /// Whether <paramref name="first"/>, the first event replayed after a snapshot, vouches for the
    /// state the snapshot restored and the chain's link it carried.
    /// </summary>
    protected virtual bool Vouches(TEvent first, TState restored, string chainHead) => false;

    /// <summary>A checkpoint as its row records it: with the chain's link before it, <paramref name="chainHead"/>.</summary>
    protected virtual TEvent Sealing(TEvent checkpoint, string chainHead) => checkpoint;

    /// <summary>
    /// A snapshot that cannot be read or restored (a row another version wrote, or edited past
    /// reading) must not stop the entity for good: its next recovery on this node replays the journal.
    /// </summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        if (KeepsSnapshots && _recovery.Replayed == 0 && SnapshotTrust.For(Context.System).Trusts(PersistenceId))
            MarkDistrusted();
        NodeMetrics.For(Context.System).Recoveries.Failed(_kind);
        // Woken again, later each time, whatever woke it: a failed write's wake while the journal is
        // still down, and as much the saga watchdog's, which wakes each entity once (a read-only review
        // found a payout left uncredited for good when that one recovery timed out).
        WakeLater(FailedWrites.For(Context.System).Failed(PersistenceId));

        base.OnRecoveryFailure(reason, message);
    }

    private readonly SnapshotRecovery<TState> _recovery = new();

    /// <summary>The highest snapshot this incarnation has saved.</summary>
    private long _latestSnapshot;

    private void SaveSnapshotAt(long sequenceNr, object snapshot) =>
        SnapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata(PersistenceId, sequenceNr, DateTime.UtcNow), snapshot));

    /// <summary>
    /// The journal does not vouch for the snapshot: it was edited, or outlived the events it was
    /// taken before. The recovery fails and the entity stops; woken again, it replays its journal.
    /// </summary>
    /// <summary>This node recovers the entity from its journal alone from now on, and the refusal is counted.</summary>
    private void MarkDistrusted()
    {
        SnapshotTrust.For(Context.System).Distrust(PersistenceId);
        NodeMetrics.For(Context.System).Recoveries.Refused(_kind);
    }

    [DoesNotReturn]
    private void Distrust()
    {
        MarkDistrusted();
        throw new SnapshotNotVouched(
            $"{PersistenceId}: the snapshot at {_recovery.StartedAt} is not what the journal's next event vouches for; recovering from the journal alone");
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected TState State { get; private set; }

    /// <summary>The node's clock now, for a decision taken outside the pure state (<see cref="Intercept"/>).</summary>
    protected DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>The way to other entities, for an answer given outside the pure state.</summary>
    protected EntityRouter Router => _router;

    /// <summary>A harmless query to this entity through its region (its answer goes nowhere).</summary>
    protected abstract object KeepAlive { get; }

    /// <summary>Journal tags of an event; by default the entity kind's.</summary>
    protected virtual Tagged TagsOf(TEvent evt) => _tags.Wrap(evt);

    /// <summary>Answers a message outside the pure state (e.g. with runtime counters); null: not intercepted.</summary>
    protected virtual object? Intercept(object message) => null;

    /// <summary>Takes a message the actor answers later, outside the pure state (e.g. a waiter); false: not taken.</summary>
    protected virtual bool Holds(object message) => false;

    /// <summary>
    /// Whether a message waits until the state has moved on (<see cref="Positions.PositionState.Defers"/>):
    /// it is stashed and handled again, ahead of the mailbox, after the next command that changes the state.
    /// </summary>
    protected virtual bool Defers(object message) => false;

    /// <summary>
    /// For a deferred message, one the state takes first because the message has waited long enough
    /// (<see cref="Positions.PositionState.Overdue"/>); null: the message keeps waiting.
    /// </summary>
    protected virtual object? Overdue(object message) => null;

    /// <summary>
    /// After an event is persisted (<paramref name="before"/> and <paramref name="after"/>: the
    /// states around it; the entity's own state may already hold later events still in flight):
    /// where an entity publishes what it announces.
    /// </summary>
    protected virtual void OnPersisted(TEvent evt, TState before, TState after)
    {
    }

    /// <summary>Sees every answer the entity gives, e.g. to count and log refusals.</summary>
    protected virtual void OnAnswer(object reply)
    {
    }

    /// <summary>
    /// Group commit: the state decides and applies at once, so the next command is decided
    /// against it without waiting for the write; the events go to the journal asynchronously and
    /// the journal batches whatever arrives while a write is in flight (a pool or an account that
    /// sees hundreds of commands a second writes them in a few transactions, not one each).
    /// Nothing leaves the entity before the events it stems from are durable: the answer, the
    /// answers to earlier requests and the outbox are taken from the state right after this
    /// command (<c>after</c>, immutable) and sent once every write up to this command has
    /// completed, never from a newer state holding events still in flight. A write that fails or
    /// is rejected stops the entity, which recovers from the journal the next time it is needed.
    /// (One Persist per command capped every entity at one journal round trip per command: the
    /// pool, which sees every open and settlement, became the queue; docs/BENCHMARKS.md.)
    /// </summary>
    private void Handle(object message)
    {
        HandleLapseFirst(message);
        // Before the message, and so before an answer that would complete the saga at its old
        // price: the retries look only after 10 s unanswered, and an open recorded at 59 s of age
        // would complete at 68 (review).
        if (!_lapsing && MayLapse && Lapse(Now) is { } lapse)
        {
            _lapsing = true;
            try
            {
                Handle(lapse);
            }
            finally
            {
                _lapsing = false;
            }
        }

        if (Holds(message))
            return;
        if (Defers(message))
        {
            Stash.Stash();
            _deferred = true;
            // Its events unstash the message, which the state then takes.
            if (Overdue(message) is { } first)
                Handle(first);
            return;
        }

        if (Intercept(message) is { } intercepted)
        {
            // Computed from a state that may hold events in flight: answered once they are durable.
            var asker = Sender;
            DeferAsync(intercepted, answer => asker.Tell(answer));
            return;
        }

        var handling = State.Handle(message);
        var sender = Sender;
        var transitions = new List<(TEvent Event, TState Before, TState After)>(handling.Events.Count);
        foreach (var evt in handling.Events)
        {
            var before = State;
            State = State.Apply(evt);
            transitions.Add((evt, before, State));
        }

        var after = State;
        var reply = handling.Reply?.Invoke(after);
        if (_deferred && transitions.Count > 0)
        {
            _deferred = false;
            Stash.UnstashAll();
        }

        if (transitions.Count > 0)
        {
            // The journal calls back once per event, in order: each with the states around it.
            // Sealed here, once each and in order: every event carries the link of its stream's chain.
            var next = 0;
            var heads = KeepsSnapshots ? new string?[transitions.Count] : null;
            var sealedEvents = new List<Tagged>(transitions.Count);
            foreach (var evt in handling.Events)
            {
                if (heads is not null && IsCheckpoint(evt))
                {
                    var head = heads[sealedEvents.Count] = _chain.Head;
                    sealedEvents.Add(_chain.Seal(TagsOf(Sealing(evt, head))));
                    continue;
                }

                sealedEvents.Add(_chain.Seal(TagsOf(evt)));
            }

            PersistAllAsync(sealedEvents, _ =>
            {
                var (evt, before, applied) = transitions[next];
                // LastSequenceNr is this event's here: the journal has just confirmed it.
                if (heads?[next] is { } head)
                    SaveSnapshotAt(LastSequenceNr - 1, Snapshot(before, head));
                next++;
                OnPersisted(evt, before, applied);
            });
        }

        DeferAsync(handling, h =>
        {
            if (reply is not null)
                Send(reply, h.ReplyTo, sender);
            else
                Await(after, h.Awaits, sender);
            if (h.Events.Count == 0)
                return;
            AnswerWaiting(after);
            FlushOutbox(after);
        });
    }

    private void Await(TState after, RequestId? request, IActorRef sender)
    {
        if (request is not { } id)
            return;
        if (after.ReplyFor(id) is { } done)
        {
            Send(done, Recipient.Sender, sender);
            return;
        }

        if (!_waiting.TryGetValue(id, out var senders))
            _waiting[id] = senders = [];
        senders.Add(sender);
    }

    private void Send(object reply, Recipient to, IActorRef sender)
    {
        OnAnswer(reply);
        if (to is EntityAddress entity)
            _router.Tell(entity, reply, Self);
        else if (!sender.IsNobody())
            sender.Tell(reply);
    }

    private void AnswerWaiting(TState after)
    {
        foreach (var (request, senders) in _waiting.ToList())
        {
            if (after.ReplyFor(request) is not { } reply)
                continue;
            foreach (var sender in senders)
                sender.Tell(reply);
            _waiting.Remove(request);
        }
    }

    private void FlushOutbox(TState state)
    {
        var outbox = state.Outbox;
        foreach (var message in outbox)
            _router.Tell(message, Self);
        _sagas.Changed(_kind, _stepsReported, outbox.Count);
        _stepsReported = outbox.Count;

        if (outbox.Count == 0)
        {
            _unansweredSince = null;
            Timers.Cancel(RetryOutbox.Instance);
            return;
        }

        _unansweredSince ??= _clock.GetUtcNow();

        Log.Debug("{0}: {1} saga message(s) awaiting acknowledgement", PersistenceId, outbox.Count);
        Timers.StartSingleTimer(RetryOutbox.Instance, RetryOutbox.Instance, RetryInterval);
        // A message through our own region counts as activity, so the shard does not passivate an
        // entity that is still waiting for an answer.
        _router.Tell(KeepAlive, ActorRefs.Nobody);
    }

    protected override void PostStop()
    {
        _sagas.Changed(_kind, _stepsReported, 0);
        _stepsReported = 0;
        base.PostStop();
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The state already holds the rejected event: start again from what the journal has.
        Log.Error(cause, "{0}: event {1} rejected by the journal; the entity stops and recovers", PersistenceId, @event.GetType().Name);
        WakeLater(FailedWrites.For(Context.System).Failed(PersistenceId));
        Context.Stop(Self);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        WakeLater(FailedWrites.For(Context.System).Failed(PersistenceId));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>
    /// A failed write stops the entity (its state may hold events the journal has not); it is woken
    /// after a pause (<see cref="FailedWrites"/>), recovers what the journal holds (a write reported
    /// failed may even have committed: its answer timed out) and sends its outbox again.
    /// </summary>
    private void WakeLater(TimeSpan pause)
    {
        var router = _router;
        var wake = KeepAlive;
        Context.System.Scheduler.Advanced.ScheduleOnce(pause, () => router.Tell(wake, ActorRefs.Nobody));
    }

    /// <summary>Local timer tick; never leaves the actor.</summary>
    private sealed class RetryOutbox
    {
        public static readonly RetryOutbox Instance = new();
    }
}
