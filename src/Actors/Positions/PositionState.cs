using System.Collections.Immutable;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions.Operations;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// An isolated leveraged position: its facts (terms, what it holds, its status) and the
/// <see cref="Operations"/> it has in flight, each of which owns its step, the message it sends,
/// the reply it expects and the event that completes it. <see cref="Outbox"/> is their messages.
/// </summary>
public sealed record PositionState : IEntityState<PositionState, IPositionEvent>
{
    public required PositionId Id { get; init; }

    /// <summary>Where new positions find their market's parameters; replay never consults it.</summary>
    public required MarketCatalog Catalog { get; init; }

    public required PositionNumbers Numbers { get; init; }

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

    public MarketParameters Parameters { get; init; } = new();

    public decimal BorrowIndexAtOpen { get; init; } = 1m;

    /// <summary>Its side's funding index when it opened (<see cref="Pools.Funding"/>): its funding runs from here.</summary>
    public decimal FundingIndexAtOpen { get; init; }

    /// <summary>When it opened: the funding it owes accrued from then (<see cref="Operations.Settling.FundingBound"/>).</summary>
    public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>The pool's funding factor, as its open recorded it (0 before it was recorded): the pool's own charges funding.</summary>
    public decimal PoolFundingFactor { get; init; }

    /// <summary>The open's price impact the pool settles with the close (positive: owed by the trader), less the parts already settled.</summary>
    public decimal PendingImpact { get; init; }

    /// <summary>A cross position: its account's cross equity is its margin; it holds no collateral and no isolated check breaches it.</summary>
    public bool Cross { get; init; }

    public RequestId OpenRequest { get; init; }

    public Rejection? FailureReason { get; init; }

    public decimal RealizedPayout { get; init; }

    /// <summary>The account's transfers under which it ordered this cross position liquidated: a repeated order starts nothing.</summary>
    public ImmutableHashSet<TransferId> CrossLiquidations { get; init; } = [];

    /// <summary>What the position has started and not finished, in the order it started them.</summary>
    public ImmutableList<PositionOperation> Operations { get; init; } = [];

    /// <summary>How each finished trader request ended: null for accepted, else the reason.</summary>
    public ImmutableDictionary<RequestId, Rejection?> Outcomes { get; init; } = ImmutableDictionary<RequestId, Rejection?>.Empty;

    /// <summary>The terms each recorded trader request was made with, so its id cannot be reused for another.</summary>
    public ImmutableDictionary<RequestId, RequestIntent> Intents { get; init; } = ImmutableDictionary<RequestId, RequestIntent>.Empty;

    public static PositionState Initial(PositionId id, MarketCatalog catalog) => new() { Id = id, Catalog = catalog, Numbers = new(id) };

    public T? Operation<T>() where T : PositionOperation => Operations.OfType<T>().FirstOrDefault();

    /// <summary>The breach a liquidator has yet to act on; null when none is outstanding.</summary>
    public PositionBreached? OpenBreach => Operation<AwaitingLiquidator>()?.Breach;

    public LiquidationStarted? PendingLiquidation => Operation<Liquidating>()?.Started;

    public CollateralDecreaseRequested? PendingDecrease => Operation<CollateralRemoval>()?.Requested;

    /// <summary>A breach awaits a liquidator or a liquidation runs: no collateral may leave.</summary>
    public bool UnderLiquidation => Operations.Any(o => o is AwaitingLiquidator or Liquidating);

    public int BreachCount => Numbers.Breaches;

    public int SettlementCount => Numbers.Settlements;

    public long LastPriceSequence => Numbers.LastPriceSequence;

    public Holding Holding => new(Quantity, Reserved, Collateral);

    /// <summary>The predictive warning in force (issue 17 item 3); null when none, or since it cleared.</summary>
    public PositionAtRisk? Warning { get; init; }

    public bool AtRisk => Warning is not null;

    /// <summary>The latest early deleverage; its settlement keeps the payout as collateral of the rest.</summary>
    public EarlyDeleverageStarted? Deleveraging { get; init; }

    /// <summary>How many early deleverages the position has had.</summary>
    public int EarlyDeleverages { get; init; }

    /// <summary>The stop-loss and take-profit orders waiting on the position (issue 18 item 5).</summary>
    public PositionTriggers Triggers { get; init; } = PositionTriggers.None;

    public IReadOnlyList<object> Outbox => PositionOutbox.Ordered(Operations.Select(o => o.Message).OfType<object>());

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
            : View(q.Price, q.BorrowIndex, q.FundingIndex)),
        GetPositionRequestRecorded q => Answer(new RequestRecorded(q.RequestId, Intents.ContainsKey(q.RequestId))),
        OpenPosition c => DecideOpen(c),
        IPositionCommand c => DecideCommand(c),
        CheckMargin c => AwaitingLiquidator.Check(this, c),
        AutoDeleverage c => AutoDeleveraging.Decide(this, c),
        LiquidateCrossPosition c => CrossLiquidating.Decide(this, c),
        ExecuteTrigger c => PositionTriggers.Execute(this, c),
        Liquidate c => Status == PositionStatus.Open && Operation<AwaitingLiquidator>() is { } awaiting && awaiting.Breach.Breach == c.Breach
            ? awaiting.Decide(this, c)
            : Answer(new LiquidationAnswer(Id, c.Breach, Resolved: PendingLiquidation?.Breach != c.Breach)),
        _ => Operations.Select(o => o.Answer(this, message)).FirstOrDefault(h => h is not null) ?? Handling<PositionState, IPositionEvent>.Ignore,
    };

    private Rejection NotFound => new(RejectionCodes.PositionNotFound, $"Position {Id} does not exist.");

    /// <summary>
    /// Whether a message waits until the collateral addition in flight has its account's answer (a
    /// round trip): a trade at its price, a liquidation or a margin check, a deleverage, a trigger.
    /// An addition needs no price and costs nothing when the account refuses it, so were these refused
    /// or put off while one is in flight, a trader sending additions could make any of them fail when it
    /// suits them: a close waiting for its price dropped once that price is known to be bad (an option,
    /// THREATS 1), the deleverager or a trigger passing the position by, a liquidator kept waiting.
    /// Only the actor waits (the decision is the same once the addition is answered), so replay needs nothing of it.
    /// A deleverage likewise waits for a removal in flight (one pool round trip, refused or not): skipped,
    /// a removal sent on every tick, refused for nothing, kept the best-ranked position out of every round.
    /// </summary>
    public bool Defers(object message) =>
        WaitsFor(message) is not null && Operations.Any(o => o is CollateralIncrease)
        || message is AutoDeleverage && Operations.Any(o => o is CollateralRemoval);

    /// <summary>
    /// What to handle before a deferred <paramref name="message"/>: the addition's failure, once the
    /// message was made more than <see cref="CollateralIncrease.Patience"/> after the addition.
    /// </summary>
    public object? Overdue(object message) =>
        WaitsFor(message) is { } at && Operation<CollateralIncrease>() is { } addition ? addition.Overdue(at, OpenBreach?.At) : null;

    /// <summary>An open or an addition is in flight: a saga that can outlive its price (<see cref="Lapse"/>).</summary>
    public bool MayLapse
    {
        get
        {
            // Asked before every message to the position: a loop, not a query allocating per message.
            foreach (var o in Operations)
                if (o is Opening or CollateralIncrease)
                    return true;
            return false;
        }
    }

    /// <summary>What the actor hands its state at <paramref name="now"/> (its clock): an open or an addition in flight that outlived its price; null for none.</summary>
    public object? Lapse(DateTimeOffset now) =>
        Operation<Opening>() is { } open && open.LapsedAt(this, now) || Operation<CollateralIncrease>() is { } addition && addition.LapsedAt(this, now)
            ? new LapseCheck(now)
            : null;

    /// <summary>
    /// A new open, or a new addition, that reaches the position already older than its market's price
    /// age by the actor's clock <paramref name="now"/> (held up on its way: a node down, a hand-off):
    /// refused before anything is recorded, since recorded it would be decided at its old price and
    /// marks whenever its account and pool answer within the lapse's look (<see cref="Lapse"/>). Null
    /// for any other message, and for a request the position already knows (answered from its record).
    /// </summary>
    public PositionCommandRejected? Late(object message, DateTimeOffset now) => message switch
    {
        OpenPosition c when Status == PositionStatus.None && now - c.At > PriceAge(c.Market) =>
            new PositionCommandRejected(Id, c.RequestId, new Rejection(RejectionCodes.OpenLapsed,
                $"The open made at {c.At:O} reached position {Id} at {now:O}, more than the market's price age of {PriceAge(c.Market).TotalSeconds:0} s later; nothing was opened.")),
        AddCollateral a when Status == PositionStatus.Open && !Outcomes.ContainsKey(a.RequestId) && Operations.All(o => o.Request != a.RequestId)
                             && now - a.At > PriceAge(Market) =>
            new PositionCommandRejected(Id, a.RequestId, new Rejection(RejectionCodes.AdditionTimedOut,
                $"The addition made at {a.At:O} reached position {Id} at {now:O}, more than the market's price age of {PriceAge(Market).TotalSeconds:0} s later; nothing was added.")),
        _ => null,
    };

    /// <summary>The oldest price <paramref name="market"/>'s oracle counts as fresh: how long a step taken at a price may wait for its answers.</summary>
    public TimeSpan PriceAge(MarketId market) => Oracles.OracleRules.MaxPriceAge(Catalog.Oracle(market) ?? Messages.Oracles.OracleParameters.Default);

    /// <summary>When a message that waits for an addition was made; null for any other.</summary>
    private static DateTimeOffset? WaitsFor(object message) => message switch
    {
        ClosePosition m => m.At,
        DecreasePosition m => m.At,
        RemoveCollateral m => m.At,
        Liquidate m => m.At,
        CheckMargin m => m.At,
        AutoDeleverage m => m.At,
        ExecuteTrigger m => m.At,
        LiquidateCrossPosition m => m.At,
        _ => null,
    };

    private Handling<PositionState, IPositionEvent> DecideOpen(OpenPosition c)
    {
        if (RequestIntent.Reused(Intents, c.RequestId, c) is { } reused)
            return Reject(c, reused);
        if (Status != PositionStatus.None)
            return c.RequestId == OpenRequest
                ? Outcomes.ContainsKey(c.RequestId) ? Answer(AlreadyApplied(c.RequestId)) : new([], Awaits: c.RequestId)
                : Reject(c, new Rejection(RejectionCodes.PositionAlreadyExists, $"Position {Id} already exists."));

        if (Execution.Refusal(c.Execution) is { } early)
            return Reject(c, early);
        var parameters = Catalog.Find(c.Market);
        var (terms, refusal) = PositionTerms.For(c, parameters);
        if (terms is null)
            return Reject(c, refusal!);

        return new([new PositionOpenRequested(Id, c.AccountId, c.RequestId, c.Market, c.Side, c.Collateral, c.Leverage,
            c.Price, terms.Quantity, terms.Reserved, terms.OpenFee, parameters!, c.At) { Cross = c.Cross, Marks = c.Marks, Execution = c.Execution }], Awaits: c.RequestId);
    }

    private Handling<PositionState, IPositionEvent> DecideCommand(IPositionCommand c)
    {
        if (RequestIntent.Reused(Intents, c.RequestId, c) is { } reused)
            return Reject(c, reused);
        if (Outcomes.ContainsKey(c.RequestId))
            return Answer(AlreadyApplied(c.RequestId));
        if (Operations.Any(o => o.Request == c.RequestId))
            return new([], Awaits: c.RequestId);
        if (Status == PositionStatus.None)
            return Reject(c, NotFound);
        if (c.AccountId != Account)
            return Reject(c, new Rejection(RejectionCodes.NotPositionOwner, $"Position {Id} belongs to another account."));
        if (Status != PositionStatus.Open)
            return Reject(c, new Rejection(RejectionCodes.PositionNotOpen, $"Position {Id} is {Status.ToString().ToLowerInvariant()}."));
        if (Operations.Any(o => o.MovesCollateral))
            return Reject(c, new Rejection(RejectionCodes.RequestInProgress, $"Position {Id} is finishing another request."));
        if (Cross && c is AddCollateral or RemoveCollateral)
            return Reject(c, new Rejection(RejectionCodes.CrossPositionCollateral,
                $"Position {Id} is a cross position: its margin is the account's, so collateral moves by the account's deposits and withdrawals."));
        if (Operation<AwaitingLiquidator>()?.Refusal(this, c) is { } pending)
            return Reject(c, pending);

        if (Execution.Refusal(ExecutionOf(c)) is { } early)
            return Reject(c, early);

        return c switch
        {
            AddCollateral a => CollateralIncrease.Decide(this, a),
            RemoveCollateral r => CollateralRemoval.Decide(this, r),
            DecreasePosition d => Settling.Decide(this, d),
            ClosePosition x => Settling.Decide(this, x),
            PlaceTrigger t => PositionTriggers.Decide(this, t),
            CancelTrigger t => PositionTriggers.Decide(this, t),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.GetType().Name, "Unknown position command"),
        };
    }

    private static Execution? ExecutionOf(IPositionCommand c) => c switch
    {
        RemoveCollateral r => r.Execution,
        DecreasePosition d => d.Execution,
        ClosePosition x => x.Execution,
        _ => null,
    };

    /// <summary>Equity and maintenance margin at a price, with interest to a borrow index.</summary>
    public (decimal Equity, decimal Maintenance) Margin(decimal price, decimal borrowIndex) =>
        Margin(price, borrowIndex, Parameters.MaintenanceMarginRate);

    /// <summary>
    /// The same at a maintenance rate: the dynamic requirement in force (<see cref="MarginRates"/>),
    /// with funding to its side's <paramref name="fundingIndex"/> when given (owed lowers equity, received raises it).
    /// </summary>
    public (decimal Equity, decimal Maintenance) Margin(decimal price, decimal borrowIndex, decimal maintenanceRate, decimal? fundingIndex = null)
    {
        var interest = BorrowRateModel.InterestOwed(Reserved, BorrowIndexAtOpen, borrowIndex);
        var equity = PositionMath.Equity(Side, Quantity, EntryPrice, Collateral, Reserved, interest + FundingOwed(fundingIndex), price, Parameters);
        return (equity, Quantity * price * maintenanceRate);
    }

    /// <summary>Funding the whole position owes (positive) or is owed (negative) at its side's index <paramref name="fundingIndex"/>; 0 without one.</summary>
    public decimal FundingOwed(decimal? fundingIndex) =>
        fundingIndex is { } i ? FundingMath.Owed(Quantity, EntryPrice, FundingIndexAtOpen, i) : 0m;

    /// <summary>Every operation moves on with the event, then the position's facts change and the operations it starts join.</summary>
    public PositionState Apply(IPositionEvent evt)
    {
        var outcome = Operations.Select(o => o.Outcome(evt)).FirstOrDefault(o => o is not null);
        var next = this with
        {
            Numbers = Numbers.After(evt),
            Operations = [.. Operations.SelectMany(o => o.After(this, evt))],
            Outcomes = outcome is { } o ? Outcomes.SetItem(o.Request, o.Refusal) : Outcomes,
            Intents = RequestIntent.Recorded(evt) is (var request, var intent) ? Intents.SetItem(request, intent) : Intents,
        };
        var folded = next.Fold(this, evt);
        var triggers = folded.Triggers.After(evt, folded.Status);
        return ReferenceEquals(triggers, folded.Triggers) ? folded : folded with { Triggers = triggers };
    }

    private PositionState Fold(PositionState before, IPositionEvent evt) => evt switch
    {
        PositionOpenRequested e => Start(new Opening(e, PositionNumbers.OpenTransfer(Id))) with
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
            Parameters = e.Parameters,
            Cross = e.Cross,
        },
        PositionOpened e => this with { Status = PositionStatus.Open, Collateral = e.Collateral, BorrowIndexAtOpen = e.BorrowIndex, PendingImpact = e.Impact,
            FundingIndexAtOpen = e.FundingIndex, OpenedAt = e.At, PoolFundingFactor = e.FundingFactor },
        PositionOpenFailed e => this with { Status = PositionStatus.Failed, FailureReason = e.Reason },
        CollateralIncreaseRequested e => Start(new CollateralIncrease(e, Account)),
        CollateralIncreased e => this with { Collateral = Collateral + e.Amount },
        CollateralDecreaseRequested e => Start(new CollateralRemoval(e, Account, Market)),
        CollateralDecreased e => this with { Collateral = Collateral - e.Amount },
        PositionSettlementRequested e => Start(Settling.Start(this, e)),
        PositionSettlementCompleted e when before.Operation<Settling>() is { } settling =>
            Holds(Cross ? Holding.Closed(settling.Requested.Fraction, 0m) : Settling.Remaining(Holding, settling.Requested.Fraction, e.Settlement, settling.Keeps), settling.Requested.Fraction) with
            {
                Status = settling.ClosesAll ? PositionStatus.Closed : Status,
                // A cross settlement's collateral was drawn from the account: what it realised is the payout less the draw.
                RealizedPayout = RealizedPayout + (settling.Keeps ? 0 : Cross ? e.Settlement.Payout - e.Settlement.Collateral : e.Settlement.Payout),
            },
        PositionBreached e => Start(new AwaitingLiquidator(e), new BreachNote(new NoteBreach(Market, Id, e.Breach, Open: true, e.At))),
        BreachCleared e => Start(new BreachNote(new NoteBreach(Market, Id, e.Breach, Open: false, e.At))),
        LiquidationStarted e => Start(Liquidating.Start(this, e)),
        PositionLiquidated e when before.Operation<Liquidating>() is { } liquidating =>
            Holds(Liquidating.Remaining(Holding, liquidating.Started.Fraction, e.Settlement), liquidating.Started.Fraction) with
            {
                Status = liquidating.ClosesAll ? PositionStatus.Liquidated : Status,
                RealizedPayout = RealizedPayout + (liquidating.ClosesAll ? e.Settlement.Payout : 0),
            },
        CrossLiquidationStarted e => Start(CrossLiquidating.Start(this, e)) with { CrossLiquidations = CrossLiquidations.Add(e.SettleTransfer) },
        // The draw was handed to the pool and the payout goes back to the account: the position holds nothing either way.
        CrossPositionLiquidated e when before.Operation<CrossLiquidating>() is { } liquidating =>
            Holds(Holding.Closed(liquidating.Started.Fraction, 0m), liquidating.Started.Fraction) with
            {
                Status = liquidating.ClosesAll ? PositionStatus.Liquidated : Status,
                RealizedPayout = RealizedPayout + e.Settlement.Payout - e.Settlement.Collateral,
            },
        PositionAtRisk e => this with { Warning = e },
        PositionRiskCleared => this with { Warning = null },
        EarlyDeleverageStarted e => this with { Deleveraging = e, EarlyDeleverages = EarlyDeleverages + 1 },
        TriggerPlaced e => this with { Outcomes = Outcomes.SetItem(e.RequestId, null) },
        TriggerCancelled e => this with { Outcomes = Outcomes.SetItem(e.RequestId, null) },
        TriggerExecuted => this,
        OpenCollateralLocked or CollateralIncreaseFailed or CollateralDecreaseRefused or PositionTransferAcknowledged
            or PoolCollateralAcknowledged or ReservationCancellationAcknowledged or PoolBreachNoteAcknowledged or AutoDeleverageStarted
            or SettlementMarginDrawn => this,
        _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "Unknown position event"),
    };

    private PositionState Start(params PositionOperation[] operations) => this with { Operations = Operations.AddRange(operations) };

    /// <summary>What is left after settling <paramref name="fraction"/>: the pool settled that part of the pending impact too.</summary>
    private PositionState Holds(Holding h, decimal fraction) => this with
    {
        Quantity = h.Quantity,
        Reserved = h.Reserved,
        Collateral = h.Collateral,
        PendingImpact = PendingImpact - Pools.PriceImpact.PendingPart(PendingImpact, fraction),
    };

    /// <summary>The position valued at <paramref name="price"/> with interest to <paramref name="borrowIndex"/> when given.</summary>
    public PositionView View(decimal? price, decimal? borrowIndex, decimal? fundingIndex = null) => PositionValuation.View(this, price, borrowIndex, fundingIndex);

    private object AlreadyApplied(RequestId request) =>
        ReplyFor(request) is PositionCommandAccepted accepted ? accepted with { AlreadyApplied = true } : ReplyFor(request)!;

    private static Handling<PositionState, IPositionEvent> Answer(object reply) => Handling<PositionState, IPositionEvent>.Answer(reply);

    private static Handling<PositionState, IPositionEvent> Persist(IPositionEvent evt) => Handling<PositionState, IPositionEvent>.Persist(evt);

    private Handling<PositionState, IPositionEvent> Reject(IPositionCommand c, Rejection reason) =>
        Answer(new PositionCommandRejected(Id, c.RequestId, reason));
}
