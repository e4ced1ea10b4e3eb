using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// An account under liquidation closes part of one of its cross positions (issue 16 item 3). As an
/// owner's cross close does, the position first draws from the account's USD what the pool may take
/// (<see cref="Cover"/>, the penalty included), hands it to the pool as a liquidation's collateral,
/// and reports the settlement to the account, under the account's own transfer, with the payout; the
/// liquidator is paid its part of the penalty as for an isolated liquidation.
/// </summary>
public sealed record CrossLiquidating(CrossLiquidationStarted Started, SettlePosition Sent, DrawCrossMargin? Draw) : PositionOperation
{
    public static CrossLiquidating Start(PositionState position, CrossLiquidationStarted e)
    {
        var draw = new DrawCrossMargin(position.Account, position.Numbers.NextTransfer(), position.Id,
            Cover(position, e.Fraction, e.Mark.Price) + e.FundingBound, e.At) { ForLiquidation = true };
        var order = SettlementOrder.For(position, e.Number, e.Fraction, e.Mark.Price, liquidation: true, e.At) with
        {
            Collateral = draw.Amount,
            Cross = true,
            ChargeCap = e.ChargeCap,
            CapBorrowIndex = e.ChargeCap is null ? null : e.Mark.BorrowIndex,
            CapFundingIndex = e.ChargeCap is null ? null : CapFundingIndex(position, e),
        };
        return new(e, order, draw);
    }

    /// <summary>The funding index the account valued the position at: the mark's, or none moved since the open where the mark carried none (it counted no funding).</summary>
    public static decimal CapFundingIndex(PositionState position, CrossLiquidationStarted e) =>
        e.Mark.Funding?.Of(position.Side) ?? position.FundingIndexAtOpen;

    /// <summary>
    /// A close's cover (<see cref="Settling.Cover"/>: loss, closing fee, the borrowed amount as the bound
    /// on interest) and the liquidation penalty on the closed notional, charged as the pool charges it
    /// (<see cref="Pools.SettlementMath"/>): the pool takes the penalty whole and pays back the rest, so
    /// the account ends with exactly PnL − interest − fee − penalty as the pool charged them (within the
    /// order's cap, when it carries one).
    /// </summary>
    public static decimal Cover(PositionState p, decimal fraction, decimal price) =>
        Settling.Cover(p, fraction, price)
        + Money.Charge(Portion.OfQuantity(p.Quantity, fraction) * price * p.Parameters.LiquidationPenaltyRate);

    /// <summary>Orders are refused when they never will be carried out, and put off (not accepted, no refusal) while another step moves collateral.</summary>
    public static Handling<PositionState, IPositionEvent> Decide(PositionState p, LiquidateCrossPosition c)
    {
        CrossLiquidationAnswer Accepted() => new(p.Id, c.SettleTransfer, Accepted: true);
        Handling<PositionState, IPositionEvent> Refuse(string code, string why) =>
            Handling<PositionState, IPositionEvent>.Answer(new CrossLiquidationAnswer(p.Id, c.SettleTransfer, false, new Rejection(code, why)));

        if (p.CrossLiquidations.Contains(c.SettleTransfer))
            return Handling<PositionState, IPositionEvent>.Answer(Accepted());
        if (p.Status == PositionStatus.None)
            return Refuse(RejectionCodes.PositionNotFound, $"Position {p.Id} does not exist.");
        if (c.AccountId != p.Account)
            return Refuse(RejectionCodes.NotPositionOwner, $"Position {p.Id} belongs to another account.");
        if (!p.Cross)
            return Refuse(RejectionCodes.NotCrossPosition, $"Position {p.Id} is isolated: its own margin, not its account's, decides its liquidation.");
        // A capped order's cap is the account's value when it was decided: an owner's settlement that
        // lands first takes its fee from that value, so the order ends and the account decides again (review).
        if (c.ChargeCap is not null && p.Status == PositionStatus.Open && p.Operations.Any(o => o.MovesCollateral))
            return Refuse(RejectionCodes.RequestInProgress, $"Position {p.Id} is settling for its owner: the liquidation decides again once that has landed.");
        // An open still under way will be open or failed: ask again.
        if (p.Status == PositionStatus.Opening || p.Operations.Any(o => o.MovesCollateral))
            return Handling<PositionState, IPositionEvent>.Answer(new CrossLiquidationAnswer(p.Id, c.SettleTransfer, Accepted: false));
        if (p.Status != PositionStatus.Open)
            return Refuse(RejectionCodes.PositionNotOpen, $"Position {p.Id} is {p.Status.ToString().ToLowerInvariant()}.");
        if (c.Fraction is <= 0 or > 1)
            return Refuse(RejectionCodes.InvalidFraction, $"Fraction must be above 0 and at most 1, got {c.Fraction}.");
        if (c.Mark.Market != p.Market || c.Mark.Price <= 0)
            return Refuse(RejectionCodes.InvalidPrice, $"A positive mark of {p.Market} is needed, got {c.Mark.Price} for {c.Mark.Market}.");
        if (c.ChargeCap < 0)
            return Refuse(RejectionCodes.InvalidAmount, $"A cap on the liquidation's charges cannot be negative, got {c.ChargeCap}.");

        return Persist(new CrossLiquidationStarted(p.Id, c.AccountId, c.Liquidation, c.SettleTransfer, p.Numbers.NextSettlement,
            c.Fraction, c.Mark, c.Liquidator, c.At) { FundingBound = Settling.FundingBound(p, c.Fraction, c.At), ChargeCap = c.ChargeCap }) with { Reply = _ => Accepted() };
    }

    public override object? Message => (object?)Draw ?? Sent;

    public override bool MovesCollateral => true;

    public bool ClosesAll => Started.Fraction >= 1;

    public override Handling<PositionState, IPositionEvent>? Answer(PositionState position, object reply) => reply switch
    {
        TransferAcknowledged r when Draw is { } d && r.TransferId == d.TransferId =>
            Persist(new SettlementMarginDrawn(position.Id, Started.Number, d.TransferId, d.Amount, Started.At)),
        PositionSettledReply r when Draw is null && r.Number == Started.Number =>
            Persist(new CrossPositionLiquidated(position.Id, Started.Liquidation, Started.SettleTransfer, r.Number, r.Settlement,
                position.Numbers.NextTransfer(), Started.At)),
        _ => null,
    };

    public override IEnumerable<PositionOperation> After(PositionState before, IPositionEvent evt)
    {
        switch (evt)
        {
            case SettlementMarginDrawn e when e.Number == Started.Number:
                return [this with { Draw = null }];
            case CrossPositionLiquidated e when e.Number == Started.Number:
                var deliveries = new List<PositionOperation>(2)
                {
                    // The account learns the step is done by its own transfer, however small the payout.
                    new AccountTransfer(new SettleCrossPosition(Started.AccountId, e.SettleTransfer, before.Id, Started.Fraction, e.Settlement.Payout, e.At)),
                };
                if (e.Settlement.LiquidatorReward > 0)
                    deliveries.Add(new AccountTransfer(new CreditFromPosition(Started.Liquidator, e.RewardTransfer, before.Id, e.Settlement.LiquidatorReward, e.At)));
                return deliveries;
            default:
                return [this];
        }
    }
}
