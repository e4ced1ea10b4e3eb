using System.Collections.Immutable;
using LeverageActors.Actors.Accounts.Operations;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// The account as the margin authority of its cross positions (issue 16): it records each one's
/// terms as it admits it, so its cross equity is a pure function of its events and a vector of
/// marks, and every decision that depends on it (admitting a position, letting money or an asset
/// leave) is taken here, one at a time, by the account's own actor. The positions do the pool's
/// side (reservation, borrowing, settlement) as isolated ones do; a cross position holds no
/// collateral: its settlement draws from USD what the pool may need and is paid back the rest.
/// </summary>
public sealed partial record AccountState
{
    /// <summary>The cross positions the account has admitted and not fully settled, by position.</summary>
    public ImmutableDictionary<PositionId, CrossPosition> CrossPositions { get; init; } = ImmutableDictionary<PositionId, CrossPosition>.Empty;

    /// <summary>The account has held a cross position: its USD may be below zero, a debt its other assets back.</summary>
    public bool HeldCross { get; init; }

    /// <summary>
    /// USD drawn for cross settlements the pool has yet to settle, by position. Until the payout comes
    /// back it is still the account's (the pool returns all it does not take, and the position's
    /// value is still counted): cross equity adds it back, or an owner's close in flight would make
    /// a healthy account look liquidatable.
    /// </summary>
    public ImmutableDictionary<PositionId, decimal> PendingDraws { get; init; } = ImmutableDictionary<PositionId, decimal>.Empty;

    /// <summary>All the USD in flight to cross settlements.</summary>
    public decimal PendingDrawn => PendingDraws.Values.Sum();

    /// <summary>A cross step from a position, or null for any other transfer.</summary>
    private Handling<AccountState, ILeverageEvent>? CrossTransfer(IAccountTransferCommand command, TransferAcknowledged acknowledged)
    {
        switch (command)
        {
            case AdmitCrossPosition c:
                if (Holds.ContainsKey(c.TransferId))
                    return Answer(new CollateralLockedReply(c.PositionId, c.TransferId));
                if (ClosedTransfers.Contains(c.TransferId))
                    return Answer(new CollateralLockRefused(c.PositionId, c.TransferId,
                        new Rejection(RejectionCodes.TransferClosed, $"Transfer {c.TransferId} is already closed.")));
                if (!IsOpen || Liquidation is not null)
                    return Answer(new CollateralLockRefused(c.PositionId, c.TransferId, IsOpen ? UnderLiquidation : NotFound));
                var (refusal, equity, requirement) = CrossMargin.Admit(this, c.PositionId, c.Terms, c.OpenFee, c.Marks);
                return refusal is not null
                    ? Answer(new CollateralLockRefused(c.PositionId, c.TransferId, refusal))
                    : Persist(new CrossPositionAdmitted(Id, c.TransferId, c.PositionId, c.Terms, c.OpenFee, c.Marks, equity, requirement, c.At))
                        with { Reply = _ => new CollateralLockedReply(c.PositionId, c.TransferId) };
            case ConfirmCrossPosition c when Holds.TryGetValue(c.TransferId, out var held):
                return Persist(new CrossPositionConfirmed(Id, c.TransferId, c.PositionId, held.Amount, c.BorrowIndex, c.At) { FundingIndex = c.FundingIndex })
                    with { Reply = _ => acknowledged };
            // A capped closure in flight was capped at the account's value: any owner's close drawn now (of
            // another position, or of the same one before the order reached it) would take its fee from that
            // value too. Unanswered, the draw is sent again and taken once the step is over; a position
            // waiting on it refuses the order, which ends the step (reviews).
            case DrawCrossMargin c when !ClosedTransfers.Contains(c.TransferId)
                                        && Liquidation is { ChargesCapped: true, InFlight: Liquidation.PositionClosureStep step }
                                        && (step.Order.PositionId != c.PositionId || !c.ForLiquidation):
                return Handling<AccountState, ILeverageEvent>.Ignore;
            case DrawCrossMargin c when !ClosedTransfers.Contains(c.TransferId):
                return Persist(new CrossMarginDrawn(Id, c.TransferId, c.PositionId, c.Amount, c.At)) with { Reply = _ => acknowledged };
            case SettleCrossPosition c when !ClosedTransfers.Contains(c.TransferId):
                return Persist(new CrossPositionSettled(Id, c.TransferId, c.PositionId, c.Fraction, c.Payout, c.At)) with { Reply = _ => acknowledged };
            default:
                return null;
        }
    }

    /// <summary>The account after one of its cross events; null for any other event.</summary>
    private AccountState? ApplyCross(ILeverageEvent evt) => evt switch
    {
        CrossPositionAdmitted e => this with
        {
            FreeBalance = FreeBalance - e.OpenFee,
            Holds = Holds.SetItem(e.TransferId, new CollateralHold(e.PositionId, e.OpenFee)),
            Positions = Positions.Add(e.PositionId),
            CrossPositions = CrossPositions.SetItem(e.PositionId, new CrossPosition(e.Terms)),
            HeldCross = true,
            CrossMarkets = CrossMarkets.Add(e.Terms.Market),
        },
        CrossPositionConfirmed e => CloseTransfer(e.TransferId) with
        {
            CrossPositions = CrossPositions.TryGetValue(e.PositionId, out var p)
                ? CrossPositions.SetItem(e.PositionId, p with { BorrowIndexAtOpen = e.BorrowIndex, FundingIndexAtOpen = e.FundingIndex })
                : CrossPositions,
        },
        CrossMarginDrawn e => CloseTransfer(e.TransferId) with
        {
            FreeBalance = FreeBalance - e.Amount,
            PendingDraws = PendingDraws.SetItem(e.PositionId, PendingDraws.GetValueOrDefault(e.PositionId) + e.Amount),
            Liquidation = FollowClosure(e, CrossPositions),
        },
        CrossPositionSettled e => CloseTransfer(e.TransferId) with
        {
            FreeBalance = FreeBalance + e.Payout,
            CrossPositions = SettleCross(e.PositionId, e.Fraction),
            PendingDraws = PendingDraws.Remove(e.PositionId),
            Liquidation = FollowClosure(e, SettleCross(e.PositionId, e.Fraction)),
        },
        _ => null,
    };

    /// <summary>The record shrinks by the fraction, with the position's own rounding; a full settlement removes it.</summary>
    private ImmutableDictionary<PositionId, CrossPosition> SettleCross(PositionId id, decimal fraction) =>
        !CrossPositions.TryGetValue(id, out var p) ? CrossPositions
        : fraction >= 1 ? CrossPositions.Remove(id)
        : CrossPositions.SetItem(id, p.Less(Portion.OfQuantity(p.Terms.Quantity, fraction), Portion.OfMoney(p.Terms.Reserved, fraction)));

    /// <summary>A cross open that failed after its admission: the account forgets it as the fee comes back.</summary>
    private ImmutableDictionary<PositionId, CrossPosition> ForgetFailedOpen(CollateralReleased e) =>
        e.TransferId == PositionNumbers.OpenTransfer(e.PositionId) ? CrossPositions.Remove(e.PositionId) : CrossPositions;

    /// <summary>The marks to record with a spend: those it was decided at when cross margin decided it, else none.</summary>
    private IReadOnlyList<MarketMark>? DecidedAt(IReadOnlyList<MarketMark>? marks) => CrossPositions.IsEmpty ? null : marks;
}
