using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Invariants;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Common;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// Every entity's pure state in one process, with messages delivered synchronously and in order
/// until nothing is left in flight. The same Handle/Apply/Outbox the actors run, without actors
/// or a database: for property tests and simulations, where millions of steps must be cheap.
/// </summary>
public sealed class InProcessExchange(MarketCatalog catalog)
{
    private readonly Dictionary<AccountId, AccountState> _accounts = new();
    private readonly Dictionary<PositionId, PositionState> _positions = new();
    private readonly Dictionary<MarketId, PoolState> _pools = new();
    private readonly Dictionary<MarketId, OracleState> _oracles = new();
    private readonly List<(string PersistenceId, ILeverageEvent Event)> _journal = [];

    public IReadOnlyList<(string PersistenceId, ILeverageEvent Event)> Journal => _journal;

    /// <summary>How many messages the last <see cref="Send"/> delivered, the caller's included.</summary>
    public int LastDeliveries { get; private set; }

    public IEnumerable<AccountState> Accounts => _accounts.Values;

    public IEnumerable<PositionState> Positions => _positions.Values;

    public IEnumerable<PoolState> Pools => _pools.Values;

    public IEnumerable<OracleState> Oracles => _oracles.Values;

    /// <summary>
    /// Delivers a caller's message and everything it sets in motion; returns the caller's answer.
    /// With <paramref name="maxDeliveries"/>, stops after that many deliveries and drops what is
    /// still in flight, as a crash would: what was applied stays applied.
    /// </summary>
    public object? Send(object message, int? maxDeliveries = null)
    {
        var queue = new Queue<object>();
        var (reply, awaits) = Deliver(message, queue);
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
        var queue = new Queue<object>();
        foreach (var outbox in _positions.Values.Select(p => p.Outbox)
                     .Concat(_accounts.Values.Select(a => a.Outbox))
                     .Concat(_oracles.Values.Select(o => o.Outbox)).ToList())
            foreach (var message in outbox)
                queue.Enqueue(message);
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
        Load(fold);
    }

    /// <summary>
    /// An exchange holding the states a journal folds to, with an empty journal of its own: the
    /// audit finishes the sagas a journal leaves in flight on it, to check the books they settle to.
    /// </summary>
    public static InProcessExchange Resuming(MarketCatalog catalog, JournalFold fold)
    {
        var exchange = new InProcessExchange(catalog);
        exchange.Load(fold);
        return exchange;
    }

    private void Load(JournalFold fold)
    {
        Replace(_accounts, fold.Accounts);
        Replace(_positions, fold.Positions);
        Replace(_pools, fold.Pools);
        Replace(_oracles, fold.Oracles);
    }

    private static void Replace<TId, TState>(Dictionary<TId, TState> states, Dictionary<TId, TState> folded) where TId : notnull
    {
        states.Clear();
        foreach (var (id, state) in folded)
            states[id] = state;
    }

    public IReadOnlyList<string> CheckInvariants(DateTimeOffset at) =>
        [
            .. InvariantChecker.Check(
                _accounts.Values.Where(a => a.IsOpen || a.FreeBalance != 0).Select(a => a.View()),
                _positions.Values.Select(p => p.View(null, null)),
                _pools.Values.Select(p => p.AccruedTo(at).View(null, at))),
            .. ReservationsAgree.Check(_positions.Values, _pools.Values),
        ];

    private (object? Reply, RequestId? Awaits) Deliver(object message, Queue<object> queue) => message switch
    {
        IWithPositionId m => Run<PositionId, PositionState, IPositionEvent>(_positions, m.PositionId, id => PositionState.Initial(id, catalog), PersistenceIds.Position, message, queue),
        IWithAccountId m => Run<AccountId, AccountState, ILeverageEvent>(_accounts, m.AccountId, AccountState.Initial, PersistenceIds.Account, message, queue),
        IWithMarketId m => Run<MarketId, PoolState, IPoolEvent>(_pools, m.Market, id => PoolState.Initial(id, catalog.Find(id)), PersistenceIds.Pool, message, queue),
        IWithOracleMarket m => Run<MarketId, OracleState, IOracleEvent>(_oracles, m.Market, id => OracleState.Initial(id, catalog.Oracle(id)), PersistenceIds.Oracle, message, queue),
        _ => throw new ArgumentException($"{message.GetType().Name} names no entity", nameof(message)),
    };

    private (object? Reply, RequestId? Awaits) Run<TId, TState, TEvent>(
        Dictionary<TId, TState> states, TId id, Func<TId, TState> create, Func<TId, string> persistenceId,
        object message, Queue<object> queue)
        where TId : notnull
        where TState : IEntityState<TState, TEvent>
        where TEvent : ILeverageEvent
    {
        var state = states.TryGetValue(id, out var existing) ? existing : create(id);
        var handling = state.Handle(message);
        foreach (var evt in handling.Events)
        {
            state = state.Apply(evt);
            _journal.Add((persistenceId(id), evt));
        }

        states[id] = state;
        if (handling.Events.Count > 0)
            foreach (var outgoing in state.Outbox)
                queue.Enqueue(outgoing);

        var reply = handling.Reply?.Invoke(state);
        if (reply is not null && EntityRouter.IsRoutable(reply))
        {
            queue.Enqueue(reply);
            return (null, null);
        }

        return (reply, handling.Awaits);
    }

    private object? ReplyFor(object message, RequestId request) => message switch
    {
        IWithPositionId m => _positions.GetValueOrDefault(m.PositionId)?.ReplyFor(request),
        IWithAccountId m => _accounts.GetValueOrDefault(m.AccountId)?.ReplyFor(request),
        _ => null,
    };
}
