using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Assets;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Invariants;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Common;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// Every entity's pure state in one process, with messages delivered synchronously and in order
/// until nothing is left in flight. The same Handle/Apply/Outbox the actors run, without actors
/// or a database: for property tests and simulations, where millions of steps must be cheap.
/// </summary>
public sealed class InProcessExchange(MarketCatalog catalog)
{
    private readonly EntityStates _states = new(catalog);
    private readonly List<(string PersistenceId, ILeverageEvent Event)> _journal = [];

    public IReadOnlyList<(string PersistenceId, ILeverageEvent Event)> Journal => _journal;

    /// <summary>How many messages the last <see cref="Send"/> delivered, the caller's included.</summary>
    public int LastDeliveries { get; private set; }

    public IEnumerable<AccountState> Accounts => _states.Of(EntityKinds.Account).Values;

    public IEnumerable<PositionState> Positions => _states.Of(EntityKinds.Position).Values;

    public IEnumerable<PoolState> Pools => _states.Of(EntityKinds.Pool).Values;

    public IEnumerable<OracleState> Oracles => _states.Of(EntityKinds.Oracle).Values;

    public IEnumerable<AssetLedgerState> AssetLedgers => _states.Of(EntityKinds.Asset).Values;

    /// <summary>
    /// Delivers a caller's message and everything it sets in motion; returns the caller's answer.
    /// With <paramref name="maxDeliveries"/>, stops after that many deliveries and drops what is
    /// still in flight, as a crash would: what was applied stays applied.
    /// </summary>
    public object? Send(object message, int? maxDeliveries = null)
    {
        var queue = new Queue<Delivery>();
        var (reply, awaits) = Deliver(new Delivery(message), queue);
        var delivered = 1;
        while (queue.Count > 0 && delivered < (maxDeliveries ?? int.MaxValue))
        {
            Deliver(queue.Dequeue(), queue);
            delivered++;
        }

        LastDeliveries = delivered;

        if (reply is null && awaits is { } request)
            reply = ReplyFor(message, request);
        return reply;
    }

    /// <summary>
    /// What each entity's retry timer does: every entity sends its outbox again, and everything that
    /// sets in motion is delivered. After a <see cref="Send"/> cut short, this finishes the sagas.
    /// </summary>
    public void RetryOutboxes()
    {
        var queue = new Queue<Delivery>();
        foreach (var message in EntityKinds.All.SelectMany(k => k.Outboxes(_states)).ToList())
            queue.Enqueue(new Delivery(message));
        while (queue.Count > 0)
            Deliver(queue.Dequeue(), queue);
    }

    /// <summary>
    /// A node restart: every state is thrown away and folded again from the journal with the
    /// entities' own <c>Apply</c>, as recovery does. Messages in flight are lost with the node.
    /// </summary>
    public void Restart()
    {
        var fold = new JournalFold(catalog);
        foreach (var (_, evt) in _journal)
            fold.Apply(evt);
        _states.ReplaceWith(fold.States);
    }

    /// <summary>
    /// An exchange holding the states a journal folds to, with an empty journal of its own: the
    /// audit finishes the sagas a journal leaves in flight on it, to check the books they settle to.
    /// </summary>
    public static InProcessExchange Resuming(MarketCatalog catalog, JournalFold fold)
    {
        var exchange = new InProcessExchange(catalog);
        exchange._states.ReplaceWith(fold.States);
        return exchange;
    }

    public IReadOnlyList<string> CheckInvariants(DateTimeOffset at) =>
        [
            .. InvariantChecker.Check(
                Accounts.Where(a => a.IsOpen || a.FreeBalance != 0).Select(a => a.View()),
                Positions.Select(p => p.View(null, null)),
                Pools.Select(p => p.AccruedTo(at).View(null, at))),
            .. ReservationsAgree.Check(Positions, Pools),
            .. AssetLedgersAgree.Check(Accounts.Select(a => a.View()), AssetLedgers.Select(l => l.View())),
        ];

    /// <summary>
    /// Runs one message through its entity, as the actor would: commands (the caller's, the
    /// outboxes') reach the entity their marker names, a reply the entity its handling named
    /// (<see cref="Delivery.To"/>); a reply to the sender is the caller's answer.
    /// </summary>
    private (object? Reply, RequestId? Awaits) Deliver(Delivery delivery, Queue<Delivery> queue)
    {
        var (message, to) = delivery;
        var kind = to?.Kind ?? EntityKinds.AddresseeOf(message) ?? throw new ArgumentException($"{message.GetType().Name} names no entity", nameof(message));
        var step = kind.Handle(_states, to?.Carrying(message) ?? message);
        foreach (var evt in step.Events)
            _journal.Add((step.PersistenceId, evt));
        foreach (var outgoing in step.Outbox)
            queue.Enqueue(new Delivery(outgoing));

        if (step.Reply is { } reply && step.ReplyTo is EntityAddress entity)
        {
            queue.Enqueue(new Delivery(reply, entity));
            return (null, null);
        }

        return (step.Reply, step.Awaits);
    }

    /// <summary>A message in flight: a command (routed by its marker) or a reply to the entity named.</summary>
    private sealed record Delivery(object Message, EntityAddress? To = null);

    private object? ReplyFor(object message, RequestId request) =>
        EntityKinds.AddresseeOf(message)?.ReplyFor(_states, message, request);
}
