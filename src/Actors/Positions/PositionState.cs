using System.Collections.Immutable;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// An isolated leveraged position and the sagas it runs: open (account locks → pool reserves →
/// open → account commits), collateral in and out, partial and full settlement against the pool
/// with the payout credited to the account. Each step is an event; <see cref="Outbox"/> is
/// what the position still waits to see acknowledged.
/// </summary>
public sealed record PositionState : IEntityState<PositionState, IPositionEvent>
{
    public required PositionId Id { get; init; }

    /// <summary>Where new positions find their market's parameters; replay never consults it.</summary>
    public required MarketCatalog Catalog { get; init; }

    public PositionStatus Status { get; init; }

    public AccountId Account { get; init; }

    public MarketId Market { get; init; }

    public PositionSide Side { get; init; }

    public decimal Leverage { get; init; }

    public decimal EntryPrice { get; init; }

    public decimal Quantity { get; init; }

    /// <summary>Before the open completes: the collateral requested. Afterwards: what the position holds.</summary>
    public decimal Collateral { get; init; }

    public decimal Reserved { get; init; }

    public decimal OpenFee { get; init; }

    public MarketParameters Parameters { get; init; } = new();

    public decimal BorrowIndexAtOpen { get; init; } = 1m;

    public RequestId OpenRequest { get; init; }

    public DateTimeOffset OpenedAt { get; init; }

    public bool OpenCollateralIsLocked { get; init; }

    public Rejection? FailureReason { get; init; }

    public int TransferCount { get; init; }

    public int SettlementCount { get; init; }

    public decimal RealizedPayout { get; init; }

    /// <summary>Account transfers sent and not yet acknowledged.</summary>
    public ImmutableDictionary<TransferId, IAccountTransferCommand> PendingTransfers { get; init; } =
        ImmutableDictionary<TransferId, IAccountTransferCommand>.Empty;

    public CancelReservation? PendingCancellation { get; init; }

    /// <summary>Collateral changes the pool has yet to book, by transfer.</summary>
    public ImmutableDictionary<TransferId, AdjustReservedCollateral> PendingPoolAdjustments { get; init; } =
        ImmutableDictionary<TransferId, AdjustReservedCollateral>.Empty;

    public CollateralIncreaseRequested? PendingIncrease { get; init; }

    public CollateralDecreaseRequested? PendingDecrease { get; init; }

    public PositionSettlementRequested? PendingSettlement { get; init; }

    public int BreachCount { get; init; }

    /// <summary>The breach a liquidator has yet to act on; null when none is outstanding.</summary>
    public PositionBreached? OpenBreach { get; init; }

    public LiquidationStarted? PendingLiquidation { get; init; }

    /// <summary>
    /// The newest oracle price number this position has acted on (breach, clearance, liquidation):
    /// a liquidation at an older price is refused, so a breach's own price cannot be replayed later.
    /// </summary>
    public long LastPriceSequence { get; init; }

    /// <summary>Breaches opened or cleared that the pool has yet to note (it pauses LP withdrawals while one is open).</summary>
    public ImmutableList<NoteBreach> PendingBreachNotes { get; init; } = [];

    /// <summary>How each finished trader request ended: null for accepted, else the reason.</summary>
    public ImmutableDictionary<RequestId, Rejection?> Outcomes { get; init; } = ImmutableDictionary<RequestId, Rejection?>.Empty;

    /// <summary>The terms each recorded trader request was made with, so its id cannot be reused for another.</summary>
    public ImmutableDictionary<RequestId, RequestIntent> Intents { get; init; } = ImmutableDictionary<RequestId, RequestIntent>.Empty;

    public TransferId OpenTransfer => TransferId.Of(Id, 1);

    private TransferId NextTransfer => TransferId.Of(Id, TransferCount + 1);

    public static PositionState Initial(PositionId id, MarketCatalog catalog) => new() { Id = id, Catalog = catalog };

    public IReadOnlyList<object> Outbox
    {
        get
        {
            var outbox = new List<object>();
            if (Status == PositionStatus.Opening)
                outbox.Add(OpenCollateralIsLocked
                    ? new ReserveLiquidity(Market, Id, Side, Quantity, EntryPrice, Collateral - OpenFee, Reserved, OpenFee, OpenedAt)
                    : new LockCollateral(Account, OpenTransfer, Id, Collateral, OpenedAt));
            outbox.AddRange(PendingTransfers.OrderBy(t => t.Key.Value, StringComparer.Ordinal).Select(t => t.Value));
            if (PendingCancellation is { } cancel)
                outbox.Add(cancel);
            outbox.AddRange(PendingPoolAdjustments.OrderBy(a => a.Key.Value, StringComparer.Ordinal).Select(a => a.Value));
            outbox.AddRange(PendingBreachNotes);
            if (PendingIncrease is { } up)
                outbox.Add(new LockCollateral(Account, up.TransferId, Id, up.Amount, up.At));
            if (PendingDecrease is { } down)
                outbox.Add(new GetBorrowIndex(Market, Id, down.At));
            if (PendingSettlement is { } settle)
                outbox.Add(new SettlePosition(Market, Id, settle.Number, settle.Fraction,
                    Portion.OfMoney(Collateral, settle.Fraction), settle.Price, Liquidation: false, settle.At));
            if (PendingLiquidation is { } liquidation)
                outbox.Add(new SettlePosition(Market, Id, liquidation.Number, liquidation.Fraction,
                    Portion.OfMoney(Collateral, liquidation.Fraction), liquidation.Price, Liquidation: true, liquidation.At, liquidation.Breach));
            return outbox;
        }
    }

    public object? ReplyFor(RequestId request) =>
        Outcomes.TryGetValue(request, out var refusal)
            ? refusal is null
                ? new PositionCommandAccepted(Id, request, View(null, null), AlreadyApplied: false)
                : new PositionCommandRejected(Id, request, refusal)
            : null;

    public Handling<PositionState, IPositionEvent> Handle(object message) => message switch
    {
        GetPosition q => Answer(Status == PositionStatus.None
            ? new PositionCommandRejected(Id, null, NotFound)
            : View(q.Price, q.BorrowIndex)),
        OpenPosition c => DecideOpen(c),
        IPositionCommand c => DecideCommand(c),
        CollateralLockedReply r when Status == PositionStatus.Opening && !OpenCollateralIsLocked && r.TransferId == OpenTransfer =>
            Persist(new OpenCollateralLocked(Id, OpenedAt)),
        CollateralLockedReply r when PendingIncrease?.TransferId == r.TransferId =>
            Persist(new CollateralIncreased(Id, r.TransferId, PendingIncrease.Amount, PendingIncrease.At)),
        CollateralLockRefused r when Status == PositionStatus.Opening && !OpenCollateralIsLocked && r.TransferId == OpenTransfer =>
            Persist(new PositionOpenFailed(Id, r.Reason, OpenedAt)),
        CollateralLockRefused r when PendingIncrease?.TransferId == r.TransferId =>
            Persist(new CollateralIncreaseFailed(Id, r.TransferId, r.Reason, PendingIncrease.At)),
        LiquidityReservedReply r when Status == PositionStatus.Opening && OpenCollateralIsLocked =>
            Persist(new PositionOpened(Id, Collateral - OpenFee, r.BorrowIndex, OpenedAt)),
        ReservationRejected r when Status == PositionStatus.Opening && OpenCollateralIsLocked =>
            Persist(new PositionOpenFailed(Id, r.Reason, OpenedAt)),
        TransferAcknowledged r when PendingTransfers.TryGetValue(r.TransferId, out var sent) =>
            Persist(new PositionTransferAcknowledged(Id, r.TransferId, sent.At)),
        CollateralAdjustmentAcknowledged r when PendingPoolAdjustments.TryGetValue(r.TransferId, out var adjustment) =>
            Persist(new PoolCollateralAcknowledged(Id, r.TransferId, adjustment.At)),
        ReservationCancelledReply when PendingCancellation is { } cancel =>
            Persist(new ReservationCancellationAcknowledged(Id, cancel.At)),
        BreachNoteAcknowledged r when PendingBreachNotes.Find(n => n.Breach == r.Breach && n.Open == r.Open) is { } note =>
            Persist(new PoolBreachNoteAcknowledged(Id, r.Breach, r.Open, note.At)),
        BorrowIndexReply r when PendingDecrease is { } down && r.At != down.At => Handling<PositionState, IPositionEvent>.Ignore,
        BorrowIndexReply { Halted: true } when PendingDecrease is { } down =>
            Persist(new CollateralDecreaseRefused(Id, new Rejection(RejectionCodes.MarketHalted,
                $"{Market} is halted by its circuit breaker: collateral stays until it lifts."), 0, down.At)),
        BorrowIndexReply r when PendingDecrease is { } down => DecideDecrease(down, r.BorrowIndex),
        CheckMargin c => DecideMarginCheck(c),
        Liquidate c => DecideLiquidation(c),
        PositionSettledReply r when PendingLiquidation?.Number == r.Number =>
            Persist(new PositionLiquidated(Id, PendingLiquidation.Breach, r.Number, r.Settlement,
                TransferId.Of(Id, TransferCount + 1), TransferId.Of(Id, TransferCount + 2), PendingLiquidation.At)),
        PositionSettledReply r when PendingSettlement?.Number == r.Number =>
            Persist(new PositionSettlementCompleted(Id, r.Number,
                NextTransfer, r.Settlement, PendingSettlement.At)),
        _ => Handling<PositionState, IPositionEvent>.Ignore,
    };

    private Rejection NotFound => new(RejectionCodes.PositionNotFound, $"Position {Id} does not exist.");

    private Handling<PositionState, IPositionEvent> DecideOpen(OpenPosition c)
    {
        if (RequestIntent.Reused(Intents, c.RequestId, c) is { } reused)
            return Reject(c, reused);
        if (Status != PositionStatus.None)
            return c.RequestId == OpenRequest
                ? Outcomes.ContainsKey(c.RequestId) ? Answer(AlreadyApplied(c.RequestId)) : new([], Awaits: c.RequestId)
                : Reject(c, new Rejection(RejectionCodes.PositionAlreadyExists, $"Position {Id} already exists."));

        var parameters = Catalog.Find(c.Market);
        var (terms, refusal) = PositionTerms.For(c, parameters);
        if (terms is null)
            return Reject(c, refusal!);

        return new([new PositionOpenRequested(Id, c.AccountId, c.RequestId, c.Market, c.Side, c.Collateral, c.Leverage,
            c.Price, terms.Quantity, terms.Reserved, terms.OpenFee, parameters!, c.At)], Awaits: c.RequestId);
    }

    private Handling<PositionState, IPositionEvent> DecideCommand(IPositionCommand c)
    {
        if (RequestIntent.Reused(Intents, c.RequestId, c) is { } reused)
            return Reject(c, reused);
        if (Outcomes.ContainsKey(c.RequestId))
            return Answer(AlreadyApplied(c.RequestId));
        if (PendingIncrease?.RequestId == c.RequestId || PendingDecrease?.RequestId == c.RequestId
            || PendingSettlement?.RequestId == c.RequestId)
            return new([], Awaits: c.RequestId);
        if (Status == PositionStatus.None)
            return Reject(c, NotFound);
        if (c.AccountId != Account)
            return Reject(c, new Rejection(RejectionCodes.NotPositionOwner, $"Position {Id} belongs to another account."));
        if (Status != PositionStatus.Open)
            return Reject(c, new Rejection(RejectionCodes.PositionNotOpen, $"Position {Id} is {Status.ToString().ToLowerInvariant()}."));
        if (PendingIncrease is not null || PendingDecrease is not null || PendingSettlement is not null || PendingLiquidation is not null)
            return Reject(c, new Rejection(RejectionCodes.RequestInProgress, $"Position {Id} is finishing another request."));

        return c switch
        {
            AddCollateral a => AmountRules.Check(a.Amount) is { } invalid
                ? Reject(c, invalid)
                : new([new CollateralIncreaseRequested(Id, a.RequestId, NextTransfer, a.Amount, a.At)], Awaits: a.RequestId),
            RemoveCollateral when OpenBreach is not null => Reject(c, new Rejection(RejectionCodes.BelowInitialMargin,
                $"Position {Id} is below maintenance and awaits liquidation: no collateral can leave it.")),
            RemoveCollateral r => CheckRemoval(r) is { } invalid
                ? Reject(c, invalid)
                : new([new CollateralDecreaseRequested(Id, r.RequestId, r.Amount, r.Price, r.At)], Awaits: r.RequestId),
            DecreasePosition d => d.Fraction is <= 0 or >= 1
                ? Reject(c, new Rejection(RejectionCodes.InvalidFraction, $"Fraction must be between 0 and 1 exclusive, got {d.Fraction}."))
                : Settle(d.RequestId, d.Fraction, d.Price, d.At),
            ClosePosition x => Settle(x.RequestId, 1m, x.Price, x.At),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.GetType().Name, "Unknown position command"),
        };
    }

    private Rejection? CheckRemoval(RemoveCollateral r) =>
        AmountRules.Check(r.Amount) ?? (r.Price <= 0
            ? new Rejection(RejectionCodes.InvalidPrice, $"Price must be positive, got {r.Price}.")
            : r.Amount >= Collateral
                ? new Rejection(RejectionCodes.BelowInitialMargin, $"Cannot remove {r.Amount} of {Collateral} collateral.")
                : null);

    private Handling<PositionState, IPositionEvent> Settle(RequestId request, decimal fraction, decimal price, DateTimeOffset at) =>
        price <= 0
            ? Answer(new PositionCommandRejected(Id, request, new Rejection(RejectionCodes.InvalidPrice, $"Price must be positive, got {price}.")))
            : new([new PositionSettlementRequested(Id, request, SettlementCount + 1, fraction, price, at)], Awaits: request);

    /// <summary>Equity and maintenance margin at a price, with interest to a borrow index.</summary>
    public (decimal Equity, decimal Maintenance) Margin(decimal price, decimal borrowIndex)
    {
        var interest = BorrowRateModel.InterestOwed(Reserved, BorrowIndexAtOpen, borrowIndex);
        var equity = PositionMath.Equity(Side, Quantity, EntryPrice, Collateral, Reserved, interest, price, Parameters);
        return (equity, Quantity * price * Parameters.MaintenanceMarginRate);
    }

    /// <summary>Repeated checks are harmless: one breach stays outstanding until a liquidator resolves it.</summary>
    private Handling<PositionState, IPositionEvent> DecideMarginCheck(CheckMargin c)
    {
        if (Status != PositionStatus.Open || OpenBreach is not null || PendingLiquidation is not null || c.Price <= 0
            || c.PriceSequence < LastPriceSequence)
            return Handling<PositionState, IPositionEvent>.Ignore;
        var (equity, maintenance) = Margin(c.Price, c.BorrowIndex);
        return equity < maintenance
            ? Persist(new PositionBreached(Id, Market, BreachCount + 1, c.Price, c.BorrowIndex, equity, maintenance, c.PriceSequence, c.At))
            : Handling<PositionState, IPositionEvent>.Ignore;
    }

    /// <summary>
    /// Re-checks at the liquidator's price, which must be fresh: no older than the newest price the
    /// position has acted on, nor than the oracle's staleness limit at the liquidator's time. Closes
    /// just enough, or everything.
    /// </summary>
    private Handling<PositionState, IPositionEvent> DecideLiquidation(Liquidate c)
    {
        var resolved = new LiquidationAnswer(Id, c.Breach, Resolved: true);
        var later = new LiquidationAnswer(Id, c.Breach, Resolved: false);
        if (Status != PositionStatus.Open || OpenBreach is null || OpenBreach.Breach != c.Breach)
            return Answer(PendingLiquidation?.Breach == c.Breach ? later : resolved);
        // Collateral must not move under a liquidation: wait for the trader's request to finish.
        if (PendingSettlement is not null || PendingLiquidation is not null || PendingIncrease is not null
            || PendingDecrease is not null || c.Price <= 0)
            return Answer(later);
        if (!IsFresh(c))
            return Answer(later with { PriceRefused = true });

        // Interest is never taken to an index older than the breach's.
        var index = Math.Max(c.BorrowIndex, OpenBreach.BorrowIndex);
        var (equity, maintenance) = Margin(c.Price, index);
        if (equity >= maintenance)
            return Persist(new BreachCleared(Id, c.Breach, c.Price, equity, c.At, c.PriceSequence)) with { Reply = _ => resolved };

        var fraction = LiquidationMath.Fraction(equity, Quantity * c.Price, Parameters);
        return Persist(new LiquidationStarted(Id, c.Breach, SettlementCount + 1, fraction, c.Price, equity, maintenance, c.Liquidator, c.At,
                c.PriceSequence, c.PriceAt, index))
            with { Reply = _ => later };
    }

    private bool IsFresh(Liquidate c) =>
        c.PriceSequence >= LastPriceSequence && c.At - c.PriceAt <= OracleRules.MaxPriceAge(Catalog.Oracle(Market) ?? OracleParameters.Default);

    private Handling<PositionState, IPositionEvent> DecideDecrease(CollateralDecreaseRequested down, decimal index)
    {
        // A breach may have been persisted while the removal waited for the pool's index: no
        // collateral leaves a position a liquidator is coming for.
        if (OpenBreach is not null || PendingLiquidation is not null)
            return Persist(new CollateralDecreaseRefused(Id, new Rejection(RejectionCodes.BelowInitialMargin,
                $"Position {Id} fell below maintenance while the removal waited: no collateral can leave it."), index, down.At));
        var interest = BorrowRateModel.InterestOwed(Reserved, BorrowIndexAtOpen, index);
        var equity = PositionMath.Equity(Side, Quantity, EntryPrice, Collateral - down.Amount, Reserved, interest, down.Price, Parameters);
        var required = Quantity * down.Price * Parameters.InitialMarginRate;
        return equity >= required
            ? Persist(new CollateralDecreased(Id, NextTransfer, down.Amount, index, down.At))
            : Persist(new CollateralDecreaseRefused(Id, new Rejection(RejectionCodes.BelowInitialMargin,
                $"Removing {down.Amount} leaves equity {Money.Payout(equity)} below the initial margin {Money.Charge(required)}."), index, down.At));
    }

    public PositionState Apply(IPositionEvent evt) =>
        RequestIntent.Recorded(evt) is (var request, var intent) ? Fold(evt) with { Intents = Intents.SetItem(request, intent) } : Fold(evt);

    private PositionState Fold(IPositionEvent evt) => evt switch
    {
        PositionOpenRequested e => this with
        {
            Status = PositionStatus.Opening,
            Account = e.AccountId,
            OpenRequest = e.RequestId,
            Market = e.Market,
            Side = e.Side,
            Leverage = e.Leverage,
            EntryPrice = e.EntryPrice,
            Quantity = e.Quantity,
            Collateral = e.Collateral,
            Reserved = e.Reserved,
            OpenFee = e.OpenFee,
            Parameters = e.Parameters,
            OpenedAt = e.At,
            TransferCount = 1,
        },
        OpenCollateralLocked => this with { OpenCollateralIsLocked = true },
        PositionOpened e => this with
        {
            Status = PositionStatus.Open,
            Collateral = e.Collateral,
            BorrowIndexAtOpen = e.BorrowIndex,
            PendingTransfers = PendingTransfers.SetItem(OpenTransfer, new CommitCollateral(Account, OpenTransfer, Id, e.At)),
            Outcomes = Outcomes.SetItem(OpenRequest, null),
        },
        PositionOpenFailed e => this with
        {
            Status = PositionStatus.Failed,
            FailureReason = e.Reason,
            PendingTransfers = PendingTransfers.SetItem(OpenTransfer, new ReleaseCollateral(Account, OpenTransfer, Id, e.At)),
            PendingCancellation = OpenCollateralIsLocked ? new CancelReservation(Market, Id, e.At) : null,
            Outcomes = Outcomes.SetItem(OpenRequest, e.Reason),
        },
        PositionTransferAcknowledged e => this with { PendingTransfers = PendingTransfers.Remove(e.TransferId) },
        ReservationCancellationAcknowledged => this with { PendingCancellation = null },
        PoolBreachNoteAcknowledged e => this with { PendingBreachNotes = PendingBreachNotes.RemoveAll(n => n.Breach == e.Breach && n.Open == e.Open) },
        PoolCollateralAcknowledged e => this with { PendingPoolAdjustments = PendingPoolAdjustments.Remove(e.TransferId) },
        CollateralIncreaseRequested e => this with { PendingIncrease = e, TransferCount = TransferCount + 1 },
        CollateralIncreased e => this with
        {
            Collateral = Collateral + e.Amount,
            PendingIncrease = null,
            PendingPoolAdjustments = PendingPoolAdjustments.SetItem(e.TransferId,
                new AdjustReservedCollateral(Market, Id, e.TransferId, e.Amount, e.At)),
            PendingTransfers = PendingTransfers.SetItem(e.TransferId, new CommitCollateral(Account, e.TransferId, Id, e.At)),
            Outcomes = Outcomes.SetItem(PendingIncrease!.RequestId, null),
        },
        CollateralIncreaseFailed e => this with
        {
            PendingIncrease = null,
            PendingTransfers = PendingTransfers.SetItem(e.TransferId, new ReleaseCollateral(Account, e.TransferId, Id, e.At)),
            Outcomes = Outcomes.SetItem(PendingIncrease!.RequestId, e.Reason),
        },
        CollateralDecreaseRequested e => this with { PendingDecrease = e },
        CollateralDecreased e => this with
        {
            Collateral = Collateral - e.Amount,
            PendingPoolAdjustments = PendingPoolAdjustments.SetItem(e.TransferId,
                new AdjustReservedCollateral(Market, Id, e.TransferId, -e.Amount, e.At)),
            TransferCount = TransferCount + 1,
            PendingDecrease = null,
            PendingTransfers = PendingTransfers.SetItem(e.TransferId, new CreditFromPosition(Account, e.TransferId, Id, e.Amount, e.At)),
            Outcomes = Outcomes.SetItem(PendingDecrease!.RequestId, null),
        },
        CollateralDecreaseRefused e => this with
        {
            PendingDecrease = null,
            Outcomes = Outcomes.SetItem(PendingDecrease!.RequestId, e.Reason),
        },
        PositionSettlementRequested e => this with { PendingSettlement = e, SettlementCount = e.Number },
        PositionSettlementCompleted e => ApplySettlement(e),
        PositionBreached e => this with
        {
            OpenBreach = e,
            BreachCount = e.Breach,
            LastPriceSequence = Math.Max(LastPriceSequence, e.PriceSequence),
            PendingBreachNotes = PendingBreachNotes.Add(new NoteBreach(Market, Id, e.Breach, Open: true, e.At)),
        },
        BreachCleared e => this with
        {
            OpenBreach = null,
            LastPriceSequence = Math.Max(LastPriceSequence, e.PriceSequence),
            PendingBreachNotes = PendingBreachNotes.Add(new NoteBreach(Market, Id, e.Breach, Open: false, e.At)),
        },
        LiquidationStarted e => this with
        {
            PendingLiquidation = e,
            SettlementCount = e.Number,
            OpenBreach = null,
            LastPriceSequence = Math.Max(LastPriceSequence, e.PriceSequence),
        },
        PositionLiquidated e => ApplyLiquidation(e),
        _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "Unknown position event"),
    };

    private PositionState ApplySettlement(PositionSettlementCompleted e)
    {
        var fraction = PendingSettlement!.Fraction;
        var payout = e.Settlement.Payout;
        return this with
        {
            Status = fraction >= 1 ? PositionStatus.Closed : Status,
            Quantity = Quantity - Portion.OfQuantity(Quantity, fraction),
            Reserved = Reserved - Portion.OfMoney(Reserved, fraction),
            Collateral = Collateral - e.Settlement.Collateral,
            RealizedPayout = RealizedPayout + payout,
            TransferCount = TransferCount + 1,
            PendingTransfers = payout > 0
                ? PendingTransfers.SetItem(e.TransferId, new CreditFromPosition(Account, e.TransferId, Id, payout, e.At))
                : PendingTransfers,
            PendingSettlement = null,
            Outcomes = Outcomes.SetItem(PendingSettlement.RequestId, null),
        };
    }

    private PositionState ApplyLiquidation(PositionLiquidated e)
    {
        var liquidation = PendingLiquidation!;
        var full = liquidation.Fraction >= 1;
        var st = e.Settlement;
        var transfers = PendingTransfers;
        if (full && st.Payout > 0)
            transfers = transfers.SetItem(e.PayoutTransfer, new CreditFromPosition(Account, e.PayoutTransfer, Id, st.Payout, e.At));
        if (st.LiquidatorReward > 0)
            transfers = transfers.SetItem(e.RewardTransfer,
                new CreditFromPosition(liquidation.Liquidator, e.RewardTransfer, Id, st.LiquidatorReward, e.At));
        return this with
        {
            Status = full ? PositionStatus.Liquidated : Status,
            Quantity = Quantity - Portion.OfQuantity(Quantity, liquidation.Fraction),
            Reserved = Reserved - Portion.OfMoney(Reserved, liquidation.Fraction),
            // A partial liquidation keeps what the closed part leaves as collateral of the rest.
            Collateral = Collateral - st.Collateral + (full ? 0 : st.Payout),
            RealizedPayout = RealizedPayout + (full ? st.Payout : 0),
            TransferCount = TransferCount + 2,
            PendingTransfers = transfers,
            PendingLiquidation = null,
        };
    }

    /// <summary>The position valued at <paramref name="price"/> with interest to <paramref name="borrowIndex"/> when given.</summary>
    public PositionView View(decimal? price, decimal? borrowIndex)
    {
        decimal? interest = null, pnl = null, equity = null, ratio = null, liquidation = null;
        if (Status == PositionStatus.Open && Quantity > 0)
        {
            interest = borrowIndex is { } i ? BorrowRateModel.InterestOwed(Reserved, BorrowIndexAtOpen, i) : 0m;
            liquidation = PositionMath.LiquidationPrice(Side, Quantity, EntryPrice, Collateral, interest.Value, Parameters);
            if (price is { } p && p > 0)
            {
                pnl = Math.Min(SettlementMath.RawPnl(Side, Quantity, EntryPrice, p), Reserved);
                equity = PositionMath.Equity(Side, Quantity, EntryPrice, Collateral, Reserved, interest.Value, p, Parameters);
                ratio = Quantity > 0 ? equity / (Quantity * p) : null;
            }
        }

        return new PositionView(Id, Account, Market, Side, Status, Quantity, EntryPrice,
            Status is PositionStatus.Open or PositionStatus.Closed or PositionStatus.Liquidated ? Collateral : 0, Reserved, Leverage, BorrowIndexAtOpen,
            RealizedPayout, price, interest, pnl, equity, ratio, liquidation, FailureReason, Outbox.Count);
    }

    private object AlreadyApplied(RequestId request) =>
        ReplyFor(request) is PositionCommandAccepted accepted ? accepted with { AlreadyApplied = true } : ReplyFor(request)!;

    private static Handling<PositionState, IPositionEvent> Answer(object reply) => Handling<PositionState, IPositionEvent>.Answer(reply);

    private static Handling<PositionState, IPositionEvent> Persist(IPositionEvent evt) => Handling<PositionState, IPositionEvent>.Persist(evt);

    private Handling<PositionState, IPositionEvent> Reject(IPositionCommand c, Rejection reason) =>
        Answer(new PositionCommandRejected(Id, c.RequestId, reason));
}
