using LeverageActors.Messages.Common;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// Divides a settling position's collateral between the trader, the pool and the protocol
/// (DESIGN §2). Profit is capped at the reserved amount; interest then fees are collected from
/// what the trader has; every rounding favours the protocol.
/// </summary>
public static class SettlementMath
{
    public static decimal RawPnl(PositionSide side, decimal quantity, decimal entry, decimal price) =>
        side == PositionSide.Long ? quantity * (price - entry) : quantity * (entry - price);

    public static Settlement Settle(
        PositionSide side,
        decimal quantity,
        decimal entry,
        decimal collateral,
        decimal reserved,
        decimal interestDue,
        decimal exitPrice,
        MarketParameters parameters)
    {
        var pnl = Money.Payout(Math.Min(RawPnl(side, quantity, entry, exitPrice), reserved));
        var closeFeeDue = Money.Charge(quantity * exitPrice * parameters.CloseFeeRate);

        var available = collateral + pnl;
        if (available <= 0)
            return new Settlement(collateral, pnl, 0, 0, 0, collateral, 0, -available);

        var interest = Math.Min(interestDue, available);
        available -= interest;
        var closeFee = Math.Min(closeFeeDue, available);
        var payout = available - closeFee;
        var protocolFee = Money.Payout(interest * parameters.ReserveFactor) + Money.Payout(closeFee * parameters.ProtocolFeeShare);
        return new Settlement(collateral, pnl, interest, closeFee, payout, collateral - payout - protocolFee, protocolFee, 0);
    }
}
