using System.Collections.Immutable;
using LeverageActors.Actors.Accounts.Liquidation;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// The account's liquidation (issue 16 item 3) as a saga of its own: a check at some marks starts it
/// when <see cref="AccountLiquidation.Liquidatable"/>, and each later check with no step in flight
/// persists the one step <see cref="AccountLiquidation.Next"/> decides at its marks; the step's
/// order is the outbox until it is answered (a settlement under its transfer, a sale bought or
/// declined, the pools' covers). After a declined sale the next is not ordered before a back-off
/// (<see cref="CollateralSale.BackOff"/>), the checks meanwhile answered UnderLiquidation and persisting nothing. Meanwhile nothing leaves the account and no cross position opens.
/// As a liquidator, the account buys another's collateral from its own free USD.
/// </summary>
public sealed partial record AccountState
{
    /// <summary>The markets' parameters a liquidation reads (buffer, penalty, full-liquidation threshold).</summary>
    public MarketCatalog Catalog { get; init; } = MarketCatalog.Default;

    /// <summary>Every market the account has held a cross position in: who covers a shortfall when no closure lost anything.</summary>
    public ImmutableHashSet<MarketId> CrossMarkets { get; init; } = [];

    /// <summary>The liquidation in progress, or null.</summary>
    public OpenLiquidation? Liquidation { get; init; }

    /// <summary>The USD debt a liquidation ended with after the pools paid what they could: not asked of them again until it grows.</summary>
    public decimal DebtLeftByPools { get; init; }

    /// <summary>How many liquidations the account has started: the last one's number.</summary>
    public int Liquidations { get; init; }

    /// <summary>The newest oracle price number, per market, a liquidation step was decided at: an older check is not acted on.</summary>
    public ImmutableDictionary<MarketId, long> LiquidationMarks { get; init; } = ImmutableDictionary<MarketId, long>.Empty;

    /// <summary>As a liquidator: each sale offered to this account and its answer, which every retry gets again.</summary>
    public ImmutableDictionary<TransferId, LiquidatedCollateralAnswer> Purchases { get; init; } =
        ImmutableDictionary<TransferId, LiquidatedCollateralAnswer>.Empty;

    public static AccountState Initial(AccountId id, MarketCatalog catalog) => Initial(id) with { Collateral = catalog.Collateral, Catalog = catalog };

    private IEnumerable<object> LiquidationOutbox => Liquidation?.InFlight?.Messages ?? [];

    private Rejection UnderLiquidation =>
        new(RejectionCodes.AccountUnderLiquidation, $"Account {Id} is being liquidated (liquidation {Liquidation?.Number}): nothing leaves it until it ends.");

    private Handling<AccountState, ILeverageEvent> Check(CheckCrossAccount c)
    {
        var value = CrossMargin.Of(this, c.Marks, CrossValuation.Maintenance);
        CrossAccountChecked Answered(AccountState s) => new(Id, s.Liquidation is not null, value.Equity, value.Requirement);
        if (!IsOpen || OlderThanActedOn(c.Marks) || Liquidation is { InFlight: not null })
            return Answer(Answered(this));
        var events = new List<ILeverageEvent>();
        var s = this;
        if (Liquidation is null)
        {
            if (!AccountLiquidation.Liquidatable(this, c.Marks, c.Halted))
                return Answer(Answered(this));
            var start = new AccountLiquidationStarted(Id, Liquidations + 1, c.Marks, value.Equity, value.Requirement, c.Liquidator, c.At)
            {
                ChargesCapped = true,
            };
            events.Add(start);
            s = s.Apply(start);
        }

        if (s.StepAt(c.Marks, c.Liquidator, c.At, c.Halted) is { } step)
            events.Add(step);
        return events.Count == 0 ? Answer(Answered(this)) : new(events, Answered);
    }

    /// <summary>The event of the step the open liquidation takes at <paramref name="marks"/>; null when it waits.</summary>
    public IAccountLiquidationEvent? StepAt(IReadOnlyList<MarketMark> marks, AccountId liquidator, DateTimeOffset at, IReadOnlyCollection<MarketId>? halted = null)
    {
        if (Liquidation is not { } open)
            return null;
        var (n, step) = (open.Number, open.Steps + 1);
        return AccountLiquidation.Next(this, marks, at, halted) switch
        {
            CloseCrossPosition d => new CrossPositionLiquidationOrdered(Id, n, step, OpenLiquidation.Transfer(Id, n, step), d.PositionId, d.Fraction,
                d.Mark, marks, liquidator, at) { ChargeCap = d.ChargeCap },
            SellCollateral d => new CollateralSaleOrdered(Id, n, step, OpenLiquidation.Transfer(Id, n, step), d.Asset, d.Quantity, d.Mark, d.Bonus,
                d.Price, d.Proceeds, marks, liquidator, at),
            CoverShortfall d => new AccountShortfallOrdered(Id, n, step, d.Shortfall,
                [.. d.Shares.Select((share, i) => new ShortfallShare(share.Market, OpenLiquidation.Transfer(Id, n, step, i + 1), share.Loss, share.Amount))],
                marks, at),
            EndLiquidation => Ended(n, marks, at),
            _ => null,
        };
    }

    private AccountLiquidationEnded Ended(int number, IReadOnlyList<MarketMark> marks, DateTimeOffset at)
    {
        var value = CrossMargin.Of(this, marks, CrossValuation.Maintenance);
        return new AccountLiquidationEnded(Id, number, marks, value.Equity, value.Requirement, at);
    }

    private bool OlderThanActedOn(IReadOnlyList<MarketMark> marks) =>
        marks.Any(m => LiquidationMarks.TryGetValue(m.Market, out var acted) && m.Sequence < acted);

    private Handling<AccountState, ILeverageEvent> AnswerClosure(CrossLiquidationAnswer r) =>
        Liquidation?.InFlight is PositionClosureStep p && p.Order.SettleTransfer == r.SettleTransfer && r.Refusal is { } refusal
            ? Persist(new CrossPositionLiquidationRefused(Id, p.Order.Liquidation, r.SettleTransfer, r.PositionId, refusal, p.Order.At))
            : Handling<AccountState, ILeverageEvent>.Ignore;

    private Handling<AccountState, ILeverageEvent> AnswerSale(LiquidatedCollateralAnswer r)
    {
        if (Liquidation?.InFlight is not CollateralSaleStep { Order: var o } || o.TransferId != r.TransferId)
            return Handling<AccountState, ILeverageEvent>.Ignore;
        return r.Bought
            ? Persist(new CollateralSold(Id, o.Liquidation, o.TransferId, o.Asset, o.Quantity, o.Proceeds, o.Liquidator, o.At))
            : Persist(new CollateralSaleDeclined(Id, o.Liquidation, o.TransferId, o.Asset, o.Quantity,
                r.Refusal ?? new Rejection(RejectionCodes.CollateralSaleRefused, "The liquidator declined."), o.At));
    }

    private Handling<AccountState, ILeverageEvent> ReceiveShortfall(AccountShortfallCovered r) =>
        Liquidation?.InFlight is ShortfallStep s && s.Pending.TryGetValue(r.TransferId, out var share) && r.AccountId == Id
            ? Persist(new AccountShortfallReceived(Id, s.Order.Liquidation, share.Market, r.TransferId, r.Amount, r.FromInsurance, r.FromLiquidity, s.Order.At))
            : Handling<AccountState, ILeverageEvent>.Ignore;

    /// <summary>As the liquidator: buy with free USD, or decline for good; either way the seller hears it.</summary>
    private Handling<AccountState, ILeverageEvent> Buy(BuyLiquidatedCollateral c)
    {
        var seller = EntityKinds.Account.At(c.Seller);
        if (Purchases.TryGetValue(c.TransferId, out var answered))
            return Handling<AccountState, ILeverageEvent>.Tell(seller, answered);
        var refusal = PurchaseRefusal(c);
        ILeverageEvent evt = refusal is null
            ? new LiquidatedCollateralBought(Id, c.Seller, c.Liquidation, c.TransferId, c.Asset, c.Quantity, c.Proceeds, c.At)
            : new LiquidatedCollateralDeclined(Id, c.Seller, c.Liquidation, c.TransferId, refusal, c.At);
        return Persist(evt) with { Reply = s => s.Purchases[c.TransferId], ReplyTo = seller };
    }

    /// <summary>A liquidator buys from a plain account (no cross position, not itself liquidated) and never on credit.</summary>
    private Rejection? PurchaseRefusal(BuyLiquidatedCollateral c)
    {
        string? why = c.Seller == Id ? "An account does not buy its own collateral."
            : !IsOpen ? $"Account {Id} does not exist."
            : Liquidation is not null ? $"Account {Id} is itself being liquidated."
            : !CrossPositions.IsEmpty ? $"Account {Id} holds cross positions: a liquidator buys with a plain account."
            : Collateral.Find(c.Asset) is null ? $"'{c.Asset}' is not a collateral asset here."
            : c.Proceeds > FreeBalance ? $"The proceeds {c.Proceeds} are more than the free USD balance {FreeBalance}."
            : null;
        return why is null ? null : new Rejection(RejectionCodes.CollateralSaleRefused, why);
    }

    /// <summary>The account after one of its liquidation events; null for any other event.</summary>
    private AccountState? ApplyLiquidation(ILeverageEvent evt) => evt switch
    {
        AccountLiquidationStarted e => this with
        {
            Liquidation = new OpenLiquidation(e.Liquidation) { ChargesCapped = e.ChargesCapped },
            Liquidations = e.Liquidation,
            LiquidationMarks = ActedOn(e.Marks),
        },
        CrossPositionLiquidationOrdered e => this with
        {
            Liquidation = OpenOrRefused with
            {
                Steps = e.Step, InFlight = new PositionClosureStep(e), Closed = OpenOrRefused.Closed.Add(e.Mark.Market),
            },
            LiquidationMarks = ActedOn(e.Marks),
        },
        CrossPositionLiquidationRefused => this with { Liquidation = OpenOrRefused with { InFlight = null } },
        CollateralSaleOrdered e => this with
        {
            Holdings = Holdings.SetItem(e.Asset, Holding(e.Asset).Sell(e.Quantity)),
            Liquidation = OpenOrRefused with { Steps = e.Step, InFlight = new CollateralSaleStep(e) },
            LiquidationMarks = ActedOn(e.Marks),
        },
        CollateralSold e => CloseTransfer(e.TransferId) with
        {
            FreeBalance = FreeBalance + e.Proceeds,
            Liquidation = OpenOrRefused with { InFlight = null, SalesDeclined = 0, NextSaleAt = null },
        },
        // What comes back is what the order in flight took, not what the row says (a review: a row naming more minted units).
        CollateralSaleDeclined e => CloseTransfer(e.TransferId) with
        {
            Holdings = Liquidation?.InFlight is CollateralSaleStep { Order: var o } && o.TransferId == e.TransferId
                ? Holdings.SetItem(o.Asset, Holding(o.Asset).Sell(-o.Quantity))
                : Holdings,
            Liquidation = OpenOrRefused.Declined(e.At),
        },
        AccountShortfallOrdered e => this with
        {
            Liquidation = OpenOrRefused with
            {
                Steps = e.Step, PoolsAsked = true, InFlight = new ShortfallStep(e, e.Shares.ToImmutableDictionary(s => s.TransferId)),
            },
            LiquidationMarks = ActedOn(e.Marks),
        },
        AccountShortfallReceived e => CloseTransfer(e.TransferId) with
        {
            FreeBalance = FreeBalance + e.Amount,
            Liquidation = OpenOrRefused with { InFlight = ShortfallLeft(e.TransferId) },
        },
        AccountLiquidationEnded e => this with
        {
            Liquidation = null,
            LiquidationMarks = ActedOn(e.Marks),
            DebtLeftByPools = Liquidation is { PoolsAsked: true } ? Math.Max(0m, -FreeBalance) : DebtLeftByPools,
        },
        LiquidatedCollateralBought e => this with
        {
            FreeBalance = FreeBalance - e.Proceeds,
            Holdings = Holdings.SetItem(e.Asset, Holding(e.Asset).Buy(e.Quantity)),
            Purchases = Purchases.SetItem(e.TransferId, new LiquidatedCollateralAnswer(e.Seller, e.TransferId, Bought: true)),
        },
        LiquidatedCollateralDeclined e => this with
        {
            Purchases = Purchases.SetItem(e.TransferId, new LiquidatedCollateralAnswer(e.Seller, e.TransferId, Bought: false, e.Reason)),
        },
        _ => null,
    };

    /// <summary>The liquidation a step's event continues; a step's event with none open is no history this account could have.</summary>
    private OpenLiquidation OpenOrRefused =>
        Liquidation ?? throw new InvalidOperationException($"Account {Id} records a liquidation step with no liquidation open.");

    private ShortfallStep? ShortfallLeft(TransferId paid) =>
        Liquidation?.InFlight is ShortfallStep s && s.Pending.Remove(paid) is { IsEmpty: false } left ? s with { Pending = left } : null;

    private ImmutableDictionary<MarketId, long> ActedOn(IReadOnlyList<MarketMark> marks) =>
        marks.Aggregate(LiquidationMarks, (acted, m) => acted.SetItem(m.Market, Math.Max(acted.GetValueOrDefault(m.Market), m.Sequence)));

    /// <summary>A closure in flight hears of its position's draws and settlements: what it lost, and whether it is done.</summary>
    private OpenLiquidation? FollowClosure(ILeverageEvent evt, ImmutableDictionary<PositionId, CrossPosition> after)
    {
        if (Liquidation is not { InFlight: PositionClosureStep p } open)
            return Liquidation;
        return evt switch
        {
            CrossMarginDrawn e when e.PositionId == p.Order.PositionId => open with { InFlight = p with { Drawn = p.Drawn + e.Amount } },
            // Its own settlement, or the owner's close that took the whole position first: the step is over.
            CrossPositionSettled e when e.PositionId == p.Order.PositionId && (e.TransferId == p.Order.SettleTransfer || !after.ContainsKey(e.PositionId)) =>
                open.Lost(p.Order.Mark.Market, Math.Max(0m, p.Drawn - e.Payout)) with { InFlight = null },
            CrossPositionSettled e when e.PositionId == p.Order.PositionId => open with { InFlight = p with { Drawn = p.Drawn - e.Payout } },
            _ => open,
        };
    }
}
