using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// A trader's partial or full close: the pool settles the fraction at the requested price and
/// the payout, if any, is credited to the account. An early deleverage's settlement
/// (<see cref="Keeps"/>) instead keeps the payout as collateral of the rest, as a partial
/// liquidation does: that is what moves the rest away from its liquidation price; it pays the
/// deleverage's penalty rate (<see cref="EarlyDeleverageStarted.PenaltyRate"/>) to the insurance fund.
/// A cross position holds no collateral: it first draws from its account's USD what the pool may
/// take (<see cref="Draw"/>), hands that to the pool as the settlement's collateral, and the account
/// is then told the fraction settled and paid back the payout, however small.
/// </summary>
public sealed record Settling(PositionSettlementRequested Requested, SettlePosition Sent, AccountId Account, bool Keeps = false) : PositionOperation
{
    /// <summary>A cross settlement's draw from the account, until the account acknowledges it.</summary>
    public DrawCrossMargin? Draw { get; init; }

    public static Settling Start(PositionState position, PositionSettlementRequested e)
    {
        var keeps = position.Deleveraging?.Number == e.Number;
        var penalty = keeps ? position.Deleveraging!.PenaltyRate : 0m;
        var order = SettlementOrder.For(position, e.Number, e.Fraction, e.Price, liquidation: false, e.At) with { Keeps = keeps, PenaltyRate = penalty };
        if (!position.Cross)
            return new(e, order, position.Account, keeps);
        var draw = new DrawCrossMargin(position.Account, position.Numbers.NextTransfer(), position.Id,
            Cover(position, e.Fraction, e.Price) + e.FundingBound, e.At);
        return new(e, order with { Collateral = draw.Amount }, position.Account) { Draw = draw };
    }

    /// <summary>
    /// What a cross settlement draws: the loss at the price, the closing fee, and the borrowed amount
    /// as the bound on interest (the pool knows the index; the position does not). The pool pays
    /// back all it does not take, so the account ends with exactly PnL − interest − fee.
    /// </summary>
    public static decimal Cover(PositionState p, decimal fraction, decimal price)
    {
        var quantity = Portion.OfQuantity(p.Quantity, fraction);
        var loss = Math.Max(0m, -Pools.SettlementMath.RawPnl(p.Side, quantity, p.EntryPrice, price));
        // With price impact on, its cap too: the pool takes a charged impact from what it was handed.
        var impactCap = p.Parameters.HasImpact() || p.PendingImpact > 0 ? p.Parameters.ImpactCap() : 0m;
        return Money.Charge(loss + quantity * price * (p.Parameters.CloseFeeRate + impactCap) + Portion.OfMoney(p.Reserved, fraction));
    }

    /// <summary>
    /// What a cross settlement of <paramref name="fraction"/> at <paramref name="at"/> draws beyond
    /// <see cref="Cover"/> for funding: the most its side's index can have moved since the position
    /// opened (the market's funding factor a second, the rate at a skew of 1) on the settled part's
    /// entry notional. The position does not know the index; without this the pool took funding from
    /// the cover alone, so a cross long at leverage 1.01 (its borrowed amount, the cover's bound on
    /// interest, 1 % of notional) left the rest of a year's funding to the insurance fund and the LPs
    /// while its account kept the USD. The pool pays back all it does not take. The factor is the
    /// pool's, as the open recorded it (the pool keeps the one it opened with, whatever the market's
    /// configuration says since), or the market's if higher.
    /// </summary>
    public static decimal FundingBound(PositionState p, decimal fraction, DateTimeOffset at)
    {
        var factor = Math.Max(p.PoolFundingFactor, p.Parameters.FundingRateFactor());
        if (!p.Cross || factor <= 0 || p.OpenedAt is not { } opened || at <= opened)
            return 0m;
        var seconds = (decimal)(at - opened).Ticks / TimeSpan.TicksPerSecond;
        return Money.Charge(Portion.OfQuantity(p.Quantity, fraction) * p.EntryPrice * factor * seconds);
    }

    /// <summary>
    /// A decrease settles a fraction strictly between 0 and 1 at the trader's price, and both what it
    /// settles and what it leaves are at least the market's minimum notional there, as an open must be.
    /// Repeated decreases of 0.999999 would otherwise shrink the quantity a millionth at a time (10⁻²⁶
    /// in four), until the collateral over it, the risk index's key, overflows a decimal: the index
    /// stops at that event on every restart, and no position in the market is checked again. And a
    /// sliver whose share of the collateral rounds down to nothing settles its loss with nothing
    /// behind it: the pool books it as a shortfall (the insurance fund's, or the LPs' bad debt), a
    /// millionth per request for as long as the trader asks.
    /// </summary>
    public static Handling<PositionState, IPositionEvent> Decide(PositionState p, DecreasePosition d)
    {
        if (d.Fraction is <= 0 or >= 1)
            return Refuse(p, d.RequestId, new Rejection(RejectionCodes.InvalidFraction, $"Fraction must be between 0 and 1 exclusive, got {d.Fraction}."));
        // Under twice the minimum no fraction both settles and leaves it.
        string Otherwise(string advice) => p.Quantity * d.Price < 2 * p.Parameters.MinNotional ? "it is too small to decrease at all: close it instead." : advice;
        if (d.Price > 0 && Leaves(p, d.Fraction, d.Price) is var left && left < p.Parameters.MinNotional)
            return Refuse(p, d.RequestId, new Rejection(RejectionCodes.PositionTooSmall,
                $"Decreasing position {p.Id} by {d.Fraction} at {d.Price} would leave {left} of notional, below the market's minimum of {p.Parameters.MinNotional}; {Otherwise("decrease it by less, or close it.")}"));
        if (d.Price > 0 && Settles(p, d.Fraction, d.Price) is var part && part < p.Parameters.MinNotional)
            return Refuse(p, d.RequestId, new Rejection(RejectionCodes.PositionTooSmall,
                $"Decreasing position {p.Id} by {d.Fraction} at {d.Price} would settle {part} of notional, below the market's minimum of {p.Parameters.MinNotional}; {Otherwise("decrease it by more.")}"));
        return Decide(p, d.RequestId, d.Fraction, d.Price, d.At, d.Execution);
    }

    /// <summary>The notional that settling <paramref name="fraction"/> leaves at <paramref name="price"/>.</summary>
    public static decimal Leaves(PositionState p, decimal fraction, decimal price) =>
        (p.Quantity - Portion.OfQuantity(p.Quantity, fraction)) * price;

    /// <summary>The notional that settling <paramref name="fraction"/> settles at <paramref name="price"/>.</summary>
    public static decimal Settles(PositionState p, decimal fraction, decimal price) =>
        Portion.OfQuantity(p.Quantity, fraction) * price;

    public static Handling<PositionState, IPositionEvent> Decide(PositionState p, ClosePosition x) => Decide(p, x.RequestId, 1m, x.Price, x.At, x.Execution);

    private static Handling<PositionState, IPositionEvent> Decide(
        PositionState p, RequestId request, decimal fraction, decimal price, DateTimeOffset at, Execution? execution) =>
        price <= 0
            ? Refuse(p, request, new Rejection(RejectionCodes.InvalidPrice, $"Price must be positive, got {price}."))
            : Begin(request, new PositionSettlementRequested(p.Id, request, p.Numbers.NextSettlement, fraction, price, at)
            {
                Execution = execution,
                FundingBound = FundingBound(p, fraction, at),
            });

    /// <summary>What settling <paramref name="fraction"/> leaves of a holding.</summary>
    public static Holding Remaining(Holding held, decimal fraction, Settlement settlement, bool keeps = false) =>
        held.Closed(fraction, settlement.Collateral, keeps && fraction < 1 ? settlement.Payout : 0m);

    public override object? Message => (object?)Draw ?? Sent;

    public override RequestId? Request => Requested.RequestId;

    public override bool MovesCollateral => true;

    public bool ClosesAll => Requested.Fraction >= 1;

    public override Handling<PositionState, IPositionEvent>? Answer(PositionState position, object reply) => reply switch
    {
        TransferAcknowledged r when Draw is { } d && r.TransferId == d.TransferId =>
            Persist(new SettlementMarginDrawn(position.Id, Requested.Number, d.TransferId, d.Amount, Requested.At)),
        PositionSettledReply r when Draw is null && r.Number == Requested.Number =>
            Persist(new PositionSettlementCompleted(position.Id, r.Number, position.Numbers.NextTransfer(), r.Settlement, Requested.At)),
        _ => null,
    };

    public override IEnumerable<PositionOperation> After(PositionState before, IPositionEvent evt) => evt switch
    {
        SettlementMarginDrawn e when e.Number == Requested.Number => [this with { Draw = null }],
        PositionSettlementCompleted e when before.Cross =>
            [new AccountTransfer(new SettleCrossPosition(Account, e.TransferId, before.Id, Requested.Fraction, e.Settlement.Payout, e.At))],
        PositionSettlementCompleted { Settlement.Payout: > 0 } e when !Keeps =>
            [new AccountTransfer(new CreditFromPosition(Account, e.TransferId, before.Id, e.Settlement.Payout, e.At))],
        PositionSettlementCompleted => [],
        _ => [this],
    };

    public override (RequestId Request, Rejection? Refusal)? Outcome(IPositionEvent evt) =>
        evt is PositionSettlementCompleted ? (Requested.RequestId, null) : null;
}
