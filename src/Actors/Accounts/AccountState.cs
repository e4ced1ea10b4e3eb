using System.Collections.Immutable;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// A trader's account as a pure function of its events: free balance, collateral locked for
/// positions that are opening, money on its way into pools, and the transfers it has applied.
/// </summary>
public sealed record AccountState : IEntityState<AccountState, ILeverageEvent>
{
    public required AccountId Id { get; init; }

    public bool IsOpen { get; init; }

    public decimal FreeBalance { get; init; }

    public decimal TotalDeposited { get; init; }

    public decimal TotalWithdrawn { get; init; }

    /// <summary>Collateral set aside for positions, by transfer, until they take it or give it back.</summary>
    public ImmutableDictionary<TransferId, decimal> Locks { get; init; } = ImmutableDictionary<TransferId, decimal>.Empty;

    /// <summary>Transfers applied for good (committed, released, credited): never applied again.</summary>
    public ImmutableHashSet<TransferId> ClosedTransfers { get; init; } = [];

    public ImmutableDictionary<RequestId, PoolDepositStarted> PendingDeposits { get; init; } =
        ImmutableDictionary<RequestId, PoolDepositStarted>.Empty;

    public ImmutableDictionary<RequestId, PoolWithdrawalStarted> PendingWithdrawals { get; init; } =
        ImmutableDictionary<RequestId, PoolWithdrawalStarted>.Empty;

    /// <summary>How each finished pool request ended, to answer its retries.</summary>
    public ImmutableDictionary<RequestId, object> PoolRequestOutcomes { get; init; } =
        ImmutableDictionary<RequestId, object>.Empty;

    /// <summary>Every trader request ever applied; kept whole so a retry at any distance is recognised.</summary>
    public ImmutableHashSet<RequestId> AppliedRequests { get; init; } = [];

    /// <summary>The terms each recorded trader request was made with, so its id cannot be reused for another.</summary>
    public ImmutableDictionary<RequestId, RequestIntent> Intents { get; init; } = ImmutableDictionary<RequestId, RequestIntent>.Empty;

    /// <summary>Hex SHA-256 of the account's API key secret, when it was opened through the API.</summary>
    public string? ApiKeyHash { get; init; }

    /// <summary>Positions that locked collateral from this account, in the order they first did.</summary>
    public ImmutableList<PositionId> Positions { get; init; } = [];

    public decimal LockedCollateral => Locks.Values.Sum();

    public decimal InTransitToPools => PendingDeposits.Values.Sum(d => d.Amount);

    public static AccountState Initial(AccountId id) => new() { Id = id };

    public IReadOnlyList<object> Outbox =>
    [
        .. PendingDeposits.Values.OrderBy(d => d.RequestId.Value, StringComparer.Ordinal)
            .Select(d => (object)new AddLiquidity(d.Market, Id, d.RequestId, d.Amount, d.Price, d.At)),
        .. PendingWithdrawals.Values.OrderBy(w => w.RequestId.Value, StringComparer.Ordinal)
            .Select(w => (object)new RemoveLiquidity(w.Market, Id, w.RequestId, w.Shares, w.Price, w.At)),
    ];

    public object? ReplyFor(RequestId request) => PoolRequestOutcomes.GetValueOrDefault(request);

    public AccountBalanceResponse View() =>
        new(Id, FreeBalance, LockedCollateral, InTransitToPools, TotalDeposited, TotalWithdrawn, Outbox.Count);

    private Rejection NotFound => new(RejectionCodes.AccountNotFound, $"Account {Id} does not exist.");

    public Handling<AccountState, ILeverageEvent> Handle(object message) => message switch
    {
        GetAccountBalance => Answer(IsOpen ? View() : new AccountCommandRejected(Id, null, NotFound)),
        VerifyApiKey v => Answer(new ApiKeyVerified(Id, IsOpen && ApiKeyHashes.Match(ApiKeyHash, v.ApiKeyHash))),
        GetAccountPositions => Answer(IsOpen ? new AccountPositions(Id, Positions) : new AccountCommandRejected(Id, null, NotFound)),
        IAccountCommand c => Decide(c),
        IAccountTransferCommand c => DecideTransfer(c),
        LiquidityAddedReply r when PendingDeposits.TryGetValue(r.RequestId, out var d) =>
            Persist(new PoolDepositCompleted(Id, r.RequestId, r.Market, d.Amount, r.Shares, d.At)),
        LiquidityRemovedReply r when PendingWithdrawals.TryGetValue(r.RequestId, out var w) =>
            Persist(new PoolWithdrawalCompleted(Id, r.RequestId, r.Market, r.Shares, r.Amount, w.At)),
        LiquidityRequestRejected r when PendingDeposits.TryGetValue(r.RequestId, out var d) =>
            Persist(new PoolDepositRefunded(Id, r.RequestId, r.Market, d.Amount, r.Reason, d.At)),
        LiquidityRequestRejected r when PendingWithdrawals.TryGetValue(r.RequestId, out var w) =>
            Persist(new PoolWithdrawalFailed(Id, r.RequestId, r.Market, r.Reason, w.At)),
        _ => Handling<AccountState, ILeverageEvent>.Ignore,
    };

    private Handling<AccountState, ILeverageEvent> Decide(IAccountCommand command)
    {
        if (RequestIntent.Reused(Intents, command.RequestId, command) is { } reused)
            return Reject(command, reused);
        if (command is ProvideLiquidity or WithdrawLiquidity
            && (PendingDeposits.ContainsKey(command.RequestId) || PendingWithdrawals.ContainsKey(command.RequestId)
                || PoolRequestOutcomes.ContainsKey(command.RequestId)))
            return new([], Awaits: command.RequestId);
        if (AppliedRequests.Contains(command.RequestId))
            return Answer(Accepted(command, alreadyApplied: true));

        if (command is OpenAccount open)
            return IsOpen
                ? Reject(command, new Rejection(RejectionCodes.AccountAlreadyExists, $"Account {Id} already exists."))
                : Accept(command, new AccountOpened(Id, open.RequestId, open.At, open.ApiKeyHash));
        if (!IsOpen)
            return Reject(command, NotFound);

        return command switch
        {
            DepositFunds c => AmountRules.Check(c.Amount) is { } invalid
                ? Reject(c, invalid)
                : Accept(c, new FundsDeposited(Id, c.RequestId, c.Amount, c.At)),
            WithdrawFunds c => CheckSpend(c.Amount) is { } refused
                ? Reject(c, refused)
                : Accept(c, new FundsWithdrawn(Id, c.RequestId, c.Amount, c.At)),
            ProvideLiquidity c => CheckSpend(c.Amount) is { } refused
                ? Reject(c, refused)
                : new([new PoolDepositStarted(Id, c.RequestId, c.Market, c.Amount, c.Price, c.At)], Awaits: c.RequestId),
            WithdrawLiquidity c => AmountRules.Check(c.Shares, "number of shares") is { } invalid
                ? Reject(c, invalid)
                : new([new PoolWithdrawalStarted(Id, c.RequestId, c.Market, c.Shares, c.Price, c.At)], Awaits: c.RequestId),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown account command"),
        };
    }

    private Rejection? CheckSpend(decimal amount) =>
        AmountRules.Check(amount) ?? (amount > FreeBalance
            ? new Rejection(RejectionCodes.InsufficientBalance, $"Cannot take {amount}: the free balance is {FreeBalance}.")
            : null);

    private Handling<AccountState, ILeverageEvent> DecideTransfer(IAccountTransferCommand command)
    {
        var acknowledged = new TransferAcknowledged(command.PositionId, command.TransferId);
        switch (command)
        {
            case LockCollateral c:
                if (Locks.ContainsKey(c.TransferId))
                    return Answer(new CollateralLockedReply(c.PositionId, c.TransferId));
                var refusal = ClosedTransfers.Contains(c.TransferId)
                    ? new Rejection(RejectionCodes.TransferClosed, $"Transfer {c.TransferId} is already closed.")
                    : !IsOpen ? NotFound : CheckSpend(c.Amount);
                return refusal is not null
                    ? Answer(new CollateralLockRefused(c.PositionId, c.TransferId, refusal))
                    : Persist(new CollateralLocked(Id, c.TransferId, c.PositionId, c.Amount, c.At)) with
                    {
                        Reply = _ => new CollateralLockedReply(c.PositionId, c.TransferId),
                    };
            case CommitCollateral c when Locks.TryGetValue(c.TransferId, out var locked):
                return Persist(new CollateralCommitted(Id, c.TransferId, c.PositionId, locked, c.At)) with { Reply = _ => acknowledged };
            case ReleaseCollateral c when !ClosedTransfers.Contains(c.TransferId):
                return Persist(new CollateralReleased(Id, c.TransferId, c.PositionId, Locks.GetValueOrDefault(c.TransferId), c.At))
                    with { Reply = _ => acknowledged };
            case CreditFromPosition c when !ClosedTransfers.Contains(c.TransferId):
                return Persist(new PositionCredited(Id, c.TransferId, c.PositionId, c.Amount, c.At)) with { Reply = _ => acknowledged };
            default:
                // Already applied (or a commit of a lock this account never made): acknowledge, change nothing.
                return Answer(acknowledged);
        }
    }

    public AccountState Apply(ILeverageEvent evt)
    {
        var s = evt is IAccountEvent a ? this with { AppliedRequests = AppliedRequests.Add(a.RequestId) } : this;
        if (RequestIntent.Recorded(evt) is (var request, var intent))
            s = s with { Intents = s.Intents.SetItem(request, intent) };
        return evt switch
        {
            AccountOpened e => s with { IsOpen = true, ApiKeyHash = e.ApiKeyHash },
            FundsDeposited e => s with { FreeBalance = s.FreeBalance + e.Amount, TotalDeposited = s.TotalDeposited + e.Amount },
            FundsWithdrawn e => s with { FreeBalance = s.FreeBalance - e.Amount, TotalWithdrawn = s.TotalWithdrawn + e.Amount },
            CollateralLocked e => s with
            {
                FreeBalance = s.FreeBalance - e.Amount,
                Locks = s.Locks.SetItem(e.TransferId, e.Amount),
                // A position's first transfer is its open: listed once, without searching the list.
                Positions = e.TransferId == TransferId.Of(e.PositionId, 1) ? s.Positions.Add(e.PositionId) : s.Positions,
            },
            CollateralCommitted e => s.CloseTransfer(e.TransferId),
            CollateralReleased e => s.CloseTransfer(e.TransferId) with { FreeBalance = s.FreeBalance + e.Amount },
            PositionCredited e => s.CloseTransfer(e.TransferId) with { FreeBalance = s.FreeBalance + e.Amount },
            PoolDepositStarted e => s with { FreeBalance = s.FreeBalance - e.Amount, PendingDeposits = s.PendingDeposits.SetItem(e.RequestId, e) },
            PoolDepositCompleted e => s with
            {
                PendingDeposits = s.PendingDeposits.Remove(e.RequestId),
                PoolRequestOutcomes = s.PoolRequestOutcomes.SetItem(e.RequestId,
                    new LiquidityRequestCompleted(Id, e.RequestId, e.Market, e.Amount, e.Shares)),
            },
            PoolDepositRefunded e => s with
            {
                FreeBalance = s.FreeBalance + e.Amount,
                PendingDeposits = s.PendingDeposits.Remove(e.RequestId),
                PoolRequestOutcomes = s.PoolRequestOutcomes.SetItem(e.RequestId, new AccountCommandRejected(Id, e.RequestId, e.Reason)),
            },
            PoolWithdrawalStarted e => s with { PendingWithdrawals = s.PendingWithdrawals.SetItem(e.RequestId, e) },
            PoolWithdrawalCompleted e => s with
            {
                FreeBalance = s.FreeBalance + e.Amount,
                PendingWithdrawals = s.PendingWithdrawals.Remove(e.RequestId),
                PoolRequestOutcomes = s.PoolRequestOutcomes.SetItem(e.RequestId,
                    new LiquidityRequestCompleted(Id, e.RequestId, e.Market, e.Amount, e.Shares)),
            },
            PoolWithdrawalFailed e => s with
            {
                PendingWithdrawals = s.PendingWithdrawals.Remove(e.RequestId),
                PoolRequestOutcomes = s.PoolRequestOutcomes.SetItem(e.RequestId, new AccountCommandRejected(Id, e.RequestId, e.Reason)),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "Unknown account event"),
        };
    }

    private AccountState CloseTransfer(TransferId transfer) =>
        this with { Locks = Locks.Remove(transfer), ClosedTransfers = ClosedTransfers.Add(transfer) };

    private static Handling<AccountState, ILeverageEvent> Answer(object reply) =>
        Handling<AccountState, ILeverageEvent>.Answer(reply);

    private static Handling<AccountState, ILeverageEvent> Persist(ILeverageEvent evt) =>
        Handling<AccountState, ILeverageEvent>.Persist(evt);

    private Handling<AccountState, ILeverageEvent> Accept(IAccountCommand command, ILeverageEvent evt) =>
        new([evt], s => s.Accepted(command, alreadyApplied: false));

    private Handling<AccountState, ILeverageEvent> Reject(IAccountCommand command, Rejection reason) =>
        Answer(new AccountCommandRejected(Id, command.RequestId, reason));

    private AccountCommandAccepted Accepted(IAccountCommand command, bool alreadyApplied) =>
        new(Id, command.RequestId, FreeBalance, alreadyApplied);
}
