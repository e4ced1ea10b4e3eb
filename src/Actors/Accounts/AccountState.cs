using System.Collections.Immutable;
using LeverageActors.Actors.Accounts.Operations;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// A trader's account as a pure function of its events: its facts (free balance, totals, the
/// transfers it has applied) and what is in flight: collateral held for positions
/// (<see cref="Holds"/>) and requests to pools (<see cref="PoolRequests"/>), whose messages are
/// the <see cref="Outbox"/>.
/// </summary>
public sealed partial record AccountState : IEntityState<AccountState, ILeverageEvent>
{
    public required AccountId Id { get; init; }

    public bool IsOpen { get; init; }

    public decimal FreeBalance { get; init; }

    public decimal TotalDeposited { get; init; }

    public decimal TotalWithdrawn { get; init; }

    /// <summary>Collateral set aside for positions, by transfer, until they take it or give it back.</summary>
    public ImmutableDictionary<TransferId, CollateralHold> Holds { get; init; } = ImmutableDictionary<TransferId, CollateralHold>.Empty;

    /// <summary>Transfers applied for good (committed, released, credited): never applied again.</summary>
    public ImmutableHashSet<TransferId> ClosedTransfers { get; init; } = [];

    /// <summary>Deposits into and withdrawals from pools the pools have yet to answer.</summary>
    public ImmutableDictionary<RequestId, PoolRequest> PoolRequests { get; init; } = ImmutableDictionary<RequestId, PoolRequest>.Empty;

    /// <summary>How each finished pool request ended, to answer its retries.</summary>
    public ImmutableDictionary<RequestId, object> PoolRequestOutcomes { get; init; } =
        ImmutableDictionary<RequestId, object>.Empty;

    /// <summary>Every trader request ever applied; kept whole so a retry at any distance is recognised.</summary>
    public ImmutableHashSet<RequestId> AppliedRequests { get; init; } = [];

    /// <summary>The terms each recorded trader request was made with, so its id cannot be reused for another.</summary>
    public ImmutableDictionary<RequestId, RequestIntent> Intents { get; init; } = ImmutableDictionary<RequestId, RequestIntent>.Empty;

    /// <summary>Positions that locked collateral from this account, in the order they first did.</summary>
    public ImmutableList<PositionId> Positions { get; init; } = [];

    public decimal LockedCollateral => Holds.Values.Sum(h => h.Amount);

    public decimal InTransitToPools => PoolRequests.Values.OfType<PoolDeposit>().Sum(d => d.Amount);

    public static AccountState Initial(AccountId id) => new() { Id = id };

    /// <summary>Deposits before withdrawals, each by request id: the order the account has always resent in.</summary>
    public IReadOnlyList<object> Outbox =>
    [
        .. PoolRequests.Values.OrderBy(r => r is PoolWithdrawal).ThenBy(r => r.RequestId.Value, StringComparer.Ordinal).Select(r => r.Message),
        .. AssetOutbox,
        .. LiquidationOutbox,
    ];

    public object? ReplyFor(RequestId request) => PoolRequestOutcomes.GetValueOrDefault(request) ?? AssetOutcomes.GetValueOrDefault(request);

    public AccountBalanceResponse View() =>
        new(Id, FreeBalance, LockedCollateral, InTransitToPools, TotalDeposited, TotalWithdrawn, Outbox.Count, AssetBalances()) { Cross = HeldCross };

    private Rejection NotFound => new(RejectionCodes.AccountNotFound, $"Account {Id} does not exist.");

    /// <summary>Why the account takes no spend now, whatever the spend: it is not open, or it is being liquidated.</summary>
    public Rejection? SpendsRefused => !IsOpen ? NotFound : Liquidation is not null ? UnderLiquidation : null;

    public Handling<AccountState, ILeverageEvent> Handle(object message) => message switch
    {
        // The markets valuing it are for the API's spends (MarketQuotes.MarksForSpend), not part of the books' view.
        GetAccountBalance => Answer(IsOpen ? View() with { MarkedBy = CrossMargin.MarkedBy(this) } : new AccountCommandRejected(Id, null, NotFound)),
        VerifyApiKey v => Answer(new ApiKeyVerified(Id, IsOpen && HoldsKey(v.ApiKeyHash))),
        GetApiKeys q => Answer(!IsOpen ? new AccountCommandRejected(Id, null, NotFound)
            : HoldsKey(q.CallerHash) ? KeyListing() : new AccountCommandRejected(Id, null, CallerRevoked)),
        GetRequestRecorded q => Answer(new RequestRecorded(q.RequestId, Intents.ContainsKey(q.RequestId))),
        GetAccountPositions => Answer(IsOpen ? new AccountPositions(Id, Positions) : new AccountCommandRejected(Id, null, NotFound)),
        GetCrossMargin q => Answer(IsOpen ? CrossMarginReport.Of(this, q.Marks) : new AccountCommandRejected(Id, null, NotFound)),
        GetCrossExposure q => Answer(CrossExposureOf.Response(this, q.Marks)),
        CheckCrossAccount c => Check(c),
        CrossLiquidationAnswer r => AnswerClosure(r),
        AccountShortfallCovered r => ReceiveShortfall(r),
        BuyLiquidatedCollateral c => Buy(c),
        LiquidatedCollateralAnswer r => AnswerSale(r),
        IAccountCommand c => Decide(c),
        IAccountTransferCommand c => DecideTransfer(c),
        LiquidityAddedReply r => AnswerPoolRequest(r.RequestId, r),
        LiquidityRemovedReply r => AnswerPoolRequest(r.RequestId, r),
        LiquidityRequestRejected r => AnswerPoolRequest(r.RequestId, r),
        AssetDepositAnswered r => AnswerAssetRequest(r.RequestId, r),
        AssetReleaseAcknowledged r => AnswerAssetRequest(r.RequestId, r),
        _ => Handling<AccountState, ILeverageEvent>.Ignore,
    };

    private Handling<AccountState, ILeverageEvent> AnswerPoolRequest(RequestId request, object reply) =>
        PoolRequests.TryGetValue(request, out var pending) && pending.Answer(Id, reply) is { } evt
            ? Persist(evt)
            : Handling<AccountState, ILeverageEvent>.Ignore;

    private Handling<AccountState, ILeverageEvent> Decide(IAccountCommand command)
    {
        // A change of keys from a key the account no longer holds is refused before it is recognised as a retry.
        if (KeyCaller(command) is { } caller && IsOpen && !HoldsKey(caller))
            return Reject(command, CallerRevoked);
        if (RequestIntent.Reused(Intents, command.RequestId, command) is { } reused)
            return Reject(command, reused);
        if (command is ProvideLiquidity or WithdrawLiquidity
            && (PoolRequests.ContainsKey(command.RequestId) || PoolRequestOutcomes.ContainsKey(command.RequestId)))
            return new([], Awaits: command.RequestId);
        if (command is DepositAsset && AssetOutcomes.TryGetValue(command.RequestId, out var outcome))
            return Answer(outcome is AccountCommandAccepted ? Accepted(command, alreadyApplied: true) : outcome);
        if (command is DepositAsset && AssetRequests.ContainsKey(command.RequestId))
            return new([], Awaits: command.RequestId);
        if (AppliedRequests.Contains(command.RequestId))
            return Answer(Accepted(command, alreadyApplied: true));

        if (command is OpenAccount open)
            return IsOpen
                ? Reject(command, new Rejection(RejectionCodes.AccountAlreadyExists, $"Account {Id} already exists."))
                : Accept(command, new AccountOpened(Id, open.RequestId, open.At, open.ApiKeyHash));
        if (!IsOpen)
            return Reject(command, NotFound);
        if (command is AddApiKey or RevokeApiKey or RevokeOtherApiKeys or GrantFirstApiKey)
            return DecideKeys(command);
        if (Liquidation is not null && command is WithdrawFunds or ProvideLiquidity or WithdrawAsset)
            return Reject(command, UnderLiquidation);
        if (Execution.Refusal(command switch { ProvideLiquidity p => p.Execution, WithdrawLiquidity w => w.Execution, _ => null }) is { } early)
            return Reject(command, early);

        return command switch
        {
            DepositFunds c => AmountRules.Check(c.Amount) is { } invalid
                ? Reject(c, invalid)
                : Accept(c, new FundsDeposited(Id, c.RequestId, c.Amount, c.At)),
            WithdrawFunds c => (CheckSpend(c.Amount) ?? CrossMargin.VetoSpend(this, c.Marks, c.Amount)) is { } refused
                ? Reject(c, refused)
                : Accept(c, new FundsWithdrawn(Id, c.RequestId, c.Amount, c.At) { Marks = DecidedAt(c.Marks) }),
            ProvideLiquidity c => (CheckSpend(c.Amount) ?? CrossMargin.VetoSpend(this, c.Marks, c.Amount)) is { } refused
                ? Reject(c, refused)
                : new([new PoolDepositStarted(Id, c.RequestId, c.Market, c.Amount, c.Price, c.At) { Marks = DecidedAt(c.Marks), Execution = c.Execution }], Awaits: c.RequestId),
            WithdrawLiquidity c => AmountRules.CheckShares(c.Shares) is { } invalid
                ? Reject(c, invalid)
                : new([new PoolWithdrawalStarted(Id, c.RequestId, c.Market, c.Shares, c.Price, c.At) { Execution = c.Execution }], Awaits: c.RequestId),
            DepositAsset or WithdrawAsset => DecideAsset(command),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown account command"),
        };
    }

    private Rejection? CheckSpend(decimal amount) =>
        AmountRules.Check(amount) ?? (amount > FreeBalance
            ? new Rejection(RejectionCodes.InsufficientBalance, $"Cannot take {amount}: the free balance is {FreeBalance}.")
            : null);

    /// <summary>Every answer to a transfer moves the position's saga on: it goes to the position.</summary>
    private Handling<AccountState, ILeverageEvent> DecideTransfer(IAccountTransferCommand command) =>
        Transfer(command) with { ReplyTo = EntityKinds.Position.At(command.PositionId) };

    private Handling<AccountState, ILeverageEvent> Transfer(IAccountTransferCommand command)
    {
        var acknowledged = new TransferAcknowledged(command.PositionId, command.TransferId);
        switch (command)
        {
            case LockCollateral c:
                if (Holds.ContainsKey(c.TransferId))
                    return Answer(new CollateralLockedReply(c.PositionId, c.TransferId));
                var refusal = ClosedTransfers.Contains(c.TransferId)
                    ? new Rejection(RejectionCodes.TransferClosed, $"Transfer {c.TransferId} is already closed.")
                    : !IsOpen ? NotFound : Liquidation is not null ? UnderLiquidation : CheckSpend(c.Amount) ?? CrossMargin.VetoSpend(this, c.Marks, c.Amount);
                return refusal is not null
                    ? Answer(new CollateralLockRefused(c.PositionId, c.TransferId, refusal))
                    : Persist(new CollateralLocked(Id, c.TransferId, c.PositionId, c.Amount, c.At) { Marks = DecidedAt(c.Marks) }) with
                    {
                        Reply = _ => new CollateralLockedReply(c.PositionId, c.TransferId),
                    };
            case CommitCollateral c when Holds.TryGetValue(c.TransferId, out var held):
                return Persist(new CollateralCommitted(Id, c.TransferId, c.PositionId, held.Amount, c.At)) with { Reply = _ => acknowledged };
            case ReleaseCollateral c when !ClosedTransfers.Contains(c.TransferId):
                return Persist(new CollateralReleased(Id, c.TransferId, c.PositionId, Holds.GetValueOrDefault(c.TransferId)?.Amount ?? 0m, c.At))
                    with { Reply = _ => acknowledged };
            case CreditFromPosition c when !ClosedTransfers.Contains(c.TransferId):
                return Persist(new PositionCredited(Id, c.TransferId, c.PositionId, c.Amount, c.At)) with { Reply = _ => acknowledged };
            case AdmitCrossPosition or ConfirmCrossPosition or DrawCrossMargin or SettleCrossPosition
                when CrossTransfer(command, acknowledged) is { } cross:
                return cross;
            default:
                // Already applied (or a commit of a lock this account never made): acknowledge, change nothing.
                return Answer(acknowledged);
        }
    }

    public AccountState Apply(ILeverageEvent evt)
    {
        var s = evt switch
        {
            IAccountEvent a => this with { AppliedRequests = AppliedRequests.Add(a.RequestId) },
            IAccountAssetEvent a => this with { AppliedRequests = AppliedRequests.Add(a.RequestId) },
            _ => this,
        };
        if (RequestIntent.Recorded(evt) is (var request, var intent))
            s = s with { Intents = s.Intents.SetItem(request, intent) };
        return evt switch
        {
            AccountOpened => s.ApplyKeys(evt) with { IsOpen = true },
            ApiKeyAdded or ApiKeysRevoked => s.ApplyKeys(evt),
            FundsDeposited e => s with { FreeBalance = s.FreeBalance + e.Amount, TotalDeposited = s.TotalDeposited + e.Amount },
            FundsWithdrawn e => s with { FreeBalance = s.FreeBalance - e.Amount, TotalWithdrawn = s.TotalWithdrawn + e.Amount },
            CollateralLocked e => s with
            {
                FreeBalance = s.FreeBalance - e.Amount,
                Holds = s.Holds.SetItem(e.TransferId, new CollateralHold(e.PositionId, e.Amount)),
                // Listed once, at the open's lock, without searching the list.
                Positions = e.TransferId == PositionNumbers.OpenTransfer(e.PositionId) ? s.Positions.Add(e.PositionId) : s.Positions,
            },
            CollateralCommitted e => s.CloseTransfer(e.TransferId),
            CollateralReleased e => s.CloseTransfer(e.TransferId) with { FreeBalance = s.FreeBalance + e.Amount, CrossPositions = s.ForgetFailedOpen(e) },
            PositionCredited e => s.CloseTransfer(e.TransferId) with { FreeBalance = s.FreeBalance + e.Amount },
            PoolDepositStarted e => s.Start(new PoolDeposit(e)) with { FreeBalance = s.FreeBalance - e.Amount },
            PoolDepositCompleted e => s.Finish(e.RequestId, new LiquidityRequestCompleted(Id, e.RequestId, e.Market, e.Amount, e.Shares)),
            PoolDepositRefunded e => s.Finish(e.RequestId, new AccountCommandRejected(Id, e.RequestId, e.Reason)) with
            {
                FreeBalance = s.FreeBalance + e.Amount,
            },
            PoolWithdrawalStarted e => s.Start(new PoolWithdrawal(e)),
            PoolWithdrawalCompleted e => s.Finish(e.RequestId, new LiquidityRequestCompleted(Id, e.RequestId, e.Market, e.Amount, e.Shares)) with
            {
                FreeBalance = s.FreeBalance + e.Amount,
            },
            PoolWithdrawalFailed e => s.Finish(e.RequestId, new AccountCommandRejected(Id, e.RequestId, e.Reason)),
            _ when s.ApplyAsset(evt) is { } withAsset => withAsset,
            _ when s.ApplyLiquidation(evt) is { } withLiquidation => withLiquidation,
            _ when s.ApplyCross(evt) is { } withCross => withCross,
            _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "Unknown account event"),
        };
    }

    private AccountState CloseTransfer(TransferId transfer) =>
        this with { Holds = Holds.Remove(transfer), ClosedTransfers = ClosedTransfers.Add(transfer) };

    private AccountState Start(PoolRequest request) => this with { PoolRequests = PoolRequests.SetItem(request.RequestId, request) };

    /// <summary>The pool answered: the request leaves the flight and its outcome answers retries.</summary>
    private AccountState Finish(RequestId request, object outcome) =>
        this with { PoolRequests = PoolRequests.Remove(request), PoolRequestOutcomes = PoolRequestOutcomes.SetItem(request, outcome) };

    private static Handling<AccountState, ILeverageEvent> Answer(object reply) =>
        Handling<AccountState, ILeverageEvent>.Answer(reply);

    private static Handling<AccountState, ILeverageEvent> Persist(ILeverageEvent evt) =>
        Handling<AccountState, ILeverageEvent>.Persist(evt);

    private Handling<AccountState, ILeverageEvent> Accept(IAccountCommand command, ILeverageEvent evt) =>
        new([evt], s => s.Accepted(command, alreadyApplied: false));

    private Handling<AccountState, ILeverageEvent> Reject(IAccountCommand command, Rejection reason) =>
        Answer(new AccountCommandRejected(Id, command.RequestId, reason));

    private AccountCommandAccepted Accepted(IAccountCommand command, bool alreadyApplied) =>
        new(Id, command.RequestId, FreeBalance, alreadyApplied)
        {
            Asset = command switch
            {
                DepositAsset d => new AssetBalanceNow(d.Asset, Holding(d.Asset).Balance),
                WithdrawAsset w => new AssetBalanceNow(w.Asset, Holding(w.Asset).Balance),
                _ => null,
            },
        };
}
