using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// A liquidation under way: the pool settles the fraction with the penalty; a full liquidation
/// credits what is left to the trader, and the liquidator is paid its reward.
/// </summary>
public sealed record Liquidating(LiquidationStarted Started, SettlePosition Sent, AccountId Account) : PositionOperation
{
    public static Liquidating Start(PositionState position, LiquidationStarted e) => new(e,
        SettlementOrder.For(position, e.Number, e.Fraction, e.Price, liquidation: true, e.At, e.Breach),
        position.Account);

    /// <summary>What liquidating <paramref name="fraction"/> leaves of a holding.</summary>
    public static Holding Remaining(Holding held, decimal fraction, Settlement settlement) =>
        // A partial liquidation keeps what the closed part leaves as collateral of the rest.
        held.Closed(fraction, settlement.Collateral, fraction >= 1 ? 0 : settlement.Payout);

    public override object? Message => Sent;

    public override bool MovesCollateral => true;

    public bool ClosesAll => Started.Fraction >= 1;

    public override Handling<PositionState, IPositionEvent>? Answer(PositionState position, object reply) =>
        reply is PositionSettledReply r && r.Number == Started.Number
            ? Persist(new PositionLiquidated(position.Id, Started.Breach, r.Number, r.Settlement,
                position.Numbers.NextTransfer(1), position.Numbers.NextTransfer(2), Started.At))
            : null;

    public override IEnumerable<PositionOperation> After(PositionState before, IPositionEvent evt)
    {
        if (evt is not PositionLiquidated e)
            return [this];
        var st = e.Settlement;
        var credits = new List<PositionOperation>(2);
        if (ClosesAll && st.Payout > 0)
            credits.Add(new AccountTransfer(new CreditFromPosition(Account, e.PayoutTransfer, before.Id, st.Payout, e.At)));
        if (st.LiquidatorReward > 0)
            credits.Add(new AccountTransfer(new CreditFromPosition(Started.Liquidator, e.RewardTransfer, before.Id, st.LiquidatorReward, e.At)));
        return credits;
    }
}
