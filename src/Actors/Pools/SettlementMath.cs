using LeverageActors.Messages.Common;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// Divides a settling position's collateral between the trader, the pool, the protocol and, in a
/// liquidation, the liquidator and the insurance fund (DESIGN §2). Profit is capped at the reserved
/// amount; interest, the closing fee and the penalty are collected in that order from what the
/// trader has, so an underwater position pays no closing fee and no penalty (they are waived: there
/// is nothing to take them from); an early deleverage pays its own, smaller penalty rate, all to the
/// insurance fund; a loss beyond the collateral, and interest the collateral could not
/// pay, is covered by the insurance fund, then by the LPs. Price impact (<see cref="PriceImpact"/>):
/// a rebate adds to what the trader has, a charge is taken last, after the penalty, and only from
/// what is left, so it never deepens a shortfall. Funding (<see cref="FundingMath"/>): received, it
/// adds to what the trader has; owed, it is collected after the interest and before the closing
/// fee, and what the collateral cannot pay is part of the shortfall. Every rounding favours the protocol.
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
        MarketParameters parameters,
        bool liquidation = false,
        decimal insuranceFund = 0,
        decimal deleveragePenaltyRate = 0,
        decimal impact = 0,
        decimal funding = 0,
        decimal? chargeCap = null)
    {
        var pnl = Money.Payout(Math.Min(RawPnl(side, quantity, entry, exitPrice), reserved));
        var closedNotional = quantity * exitPrice;
        var closeFeeDue = Money.Charge(closedNotional * parameters.CloseFeeRate);
        var penaltyDue = liquidation ? Money.Charge(closedNotional * parameters.LiquidationPenaltyRate)
            : deleveragePenaltyRate > 0 ? Money.Charge(closedNotional * deleveragePenaltyRate) : 0;

        // A rebate is the trader's like its PnL; a charge comes last, from what is left (PriceImpact).
        // Funding received is the trader's too; funding owed is collected right after the interest.
        var rebate = Math.Max(0, -impact);
        var received = Math.Max(0, -funding);
        var has = collateral + pnl + rebate + received;
        var available = Math.Max(0, has);
        var interest = Math.Min(interestDue, available);
        var unpaidInterest = interestDue - interest;
        available -= interest;
        var fundingDue = Math.Max(0, funding);
        var fundingPaid = Math.Min(fundingDue, available);
        var unpaidFunding = fundingDue - fundingPaid;
        available -= fundingPaid;
        // What the position owes the pool and cannot pay: its loss beyond the collateral and the
        // interest and funding left unpaid. The pool's value counted them while they accrued; leaving
        // them out here would make them vanish from the books unrecorded.
        var shortfall = Math.Max(0, -has) + unpaidInterest + unpaidFunding;
        // A cross liquidation's draw holds its fee and penalty whole whatever its account has left; the
        // cap keeps them within that, or the pools covering the account's debt would pay them.
        var chargeable = chargeCap is { } cap ? Math.Min(available, Math.Max(0, cap)) : available;
        var closeFee = Math.Min(closeFeeDue, chargeable);
        available -= closeFee;
        var penalty = Math.Min(penaltyDue, chargeable - closeFee);
        available -= penalty;
        // The impact charge too: the draw holds the impact cap whole, so uncapped it would deepen the debt (review).
        var charged = Math.Min(Math.Max(0, impact), chargeCap is null ? available : Math.Min(available, chargeable - closeFee - penalty));
        var payout = available - charged;
        var settledImpact = impact < 0 ? -rebate : charged;

        // An early deleverage's penalty goes wholly to the insurance fund: no liquidator acted.
        var reward = liquidation || penalty == 0 ? Money.Payout(penalty * parameters.LiquidatorShare) : 0m;
        var toInsurance = penalty - reward;
        var protocolFee = Money.Payout(interest * parameters.ReserveFactor) + Money.Payout(closeFee * parameters.ProtocolFeeShare);
        var cover = Math.Min(shortfall, Math.Max(0, insuranceFund + toInsurance));
        return new Settlement(
            collateral, pnl, interest, closeFee, penalty, reward, payout,
            collateral - settledImpact - payout - reward - protocolFee - toInsurance,
            protocolFee, toInsurance, shortfall, cover, shortfall - cover, unpaidInterest)
        {
            Impact = settledImpact,
            Funding = funding > 0 ? fundingPaid : -received,
            UnpaidFunding = unpaidFunding,
        };
    }
}
