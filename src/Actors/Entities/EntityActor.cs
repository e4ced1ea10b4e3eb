using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using LeverageActors.Actors.Common;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// The thin actor around every entity state: handle, persist, apply, answer, and keep re-sending
/// the state's outbox until the answers arrive. Replies to entities go through their regions;
/// replies to callers go to the sender.
/// </summary>
public abstract class EntityActor<TState, TEvent> : ReceivePersistentActor, IWithTimers
    where TState : IEntityState<TState, TEvent>
    where TEvent : class
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<RequestId, List<IActorRef>> _waiting = new();
    private readonly ImmutableTags _tags;
    private readonly EntityRouter _router;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _writeRejected;

    protected EntityActor(string persistenceId, TState initial, ImmutableTags tags, EntityRouter router)
    {
        PersistenceId = persistenceId;
        State = initial;
        _tags = tags;
        _router = router;

        Recover<TEvent>(e => State = State.Apply(e));
        Recover<RecoveryCompleted>(_ => FlushOutbox());
        Command<RetryOutbox>(_ => FlushOutbox());
        Command<StopEntity>(_ =>
        {
            FlushOutbox();
            Context.Stop(Self);
        });
        CommandAny(Handle);
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    protected TState State { get; private set; }

    /// <summary>A harmless query to this entity through its region (its answer goes nowhere).</summary>
    protected abstract object KeepAlive { get; }

    /// <summary>Journal tags of an event; by default the entity kind's.</summary>
    protected virtual Tagged TagsOf(TEvent evt) => _tags.Wrap(evt);

    /// <summary>Answers a message outside the pure state (e.g. with runtime counters); null: not intercepted.</summary>
    protected virtual object? Intercept(object message) => null;

    /// <summary>
    /// After an event is persisted and applied (<paramref name="before"/>: the state it was applied
    /// to): where an entity publishes what it announces.
    /// </summary>
    protected virtual void OnPersisted(TEvent evt, TState before)
    {
    }

    /// <summary>Sees every answer the entity gives, e.g. to count and log refusals.</summary>
    protected virtual void OnAnswer(object reply)
    {
    }

    private void Handle(object message)
    {
        if (Intercept(message) is { } intercepted)
        {
            Sender.Tell(intercepted);
            return;
        }

        var handling = State.Handle(message);
        var sender = Sender;
        if (handling.Events.Count == 0)
        {
            Respond(handling, sender);
            return;
        }

        PersistAll(handling.Events.Select(TagsOf), tagged =>
        {
            var evt = (TEvent)tagged.Payload;
            var before = State;
            State = State.Apply(evt);
            OnPersisted(evt, before);
        });
        DeferAsync(handling, h =>
        {
            if (_writeRejected)
            {
                // Nothing was applied: no answer, so the caller's retry decides again.
                _writeRejected = false;
                return;
            }

            Respond(h, sender);
            AnswerWaiting();
            FlushOutbox();
        });
    }

    private void Respond(Handling<TState, TEvent> handling, IActorRef sender)
    {
        if (handling.Reply?.Invoke(State) is { } reply)
        {
            Send(reply, sender);
            return;
        }

        if (handling.Awaits is not { } request)
            return;
        if (State.ReplyFor(request) is { } done)
        {
            Send(done, sender);
            return;
        }

        if (!_waiting.TryGetValue(request, out var senders))
            _waiting[request] = senders = [];
        senders.Add(sender);
    }

    private void Send(object reply, IActorRef sender)
    {
        OnAnswer(reply);
        if (EntityRouter.IsRoutable(reply))
            _router.Tell(reply, Self);
        else if (!sender.IsNobody())
            sender.Tell(reply);
    }

    private void AnswerWaiting()
    {
        foreach (var (request, senders) in _waiting.ToList())
        {
            if (State.ReplyFor(request) is not { } reply)
                continue;
            foreach (var sender in senders)
                sender.Tell(reply);
            _waiting.Remove(request);
        }
    }

    private void FlushOutbox()
    {
        var outbox = State.Outbox;
        foreach (var message in outbox)
            _router.Tell(message, Self);

        if (outbox.Count == 0)
        {
            Timers.Cancel(RetryOutbox.Instance);
            return;
        }

        _log.Debug("{0}: {1} saga message(s) awaiting acknowledgement", PersistenceId, outbox.Count);
        Timers.StartSingleTimer(RetryOutbox.Instance, RetryOutbox.Instance, RetryInterval);
        // A message through our own region counts as activity, so the shard does not passivate an
        // entity that is still waiting for an answer.
        _router.Tell(KeepAlive, ActorRefs.Nobody);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _writeRejected = true;
        _log.Error(cause, "{0}: event {1} rejected by the journal; nothing was applied", PersistenceId, @event.GetType().Name);
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    /// <summary>Local timer tick; never leaves the actor.</summary>
    private sealed class RetryOutbox
    {
        public static readonly RetryOutbox Instance = new();
    }
}
