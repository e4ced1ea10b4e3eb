using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>What a position shows its trader: its facts, valued at a price with interest to a borrow index and funding to its side's funding index when given.</summary>
public static class PositionValuation
{
    public static PositionView View(PositionState s, decimal? price, decimal? borrowIndex, decimal? fundingIndex = null)
    {
        decimal? interest = null, pnl = null, equity = null, ratio = null, liquidation = null, funding = null;
        if (s.Status == PositionStatus.Open && s.Quantity > 0)
        {
            interest = borrowIndex is { } i ? BorrowRateModel.InterestOwed(s.Reserved, s.BorrowIndexAtOpen, i) : 0m;
            funding = fundingIndex is null ? null : s.FundingOwed(fundingIndex);
            // Funding owed counts against equity as interest does; funding received for it.
            var owed = interest.Value + (funding ?? 0m);
            // A cross position's equity and liquidation price are its account's (CrossMarginReport), not its own.
            liquidation = s.Cross ? null : PositionMath.LiquidationPrice(s.Side, s.Quantity, s.EntryPrice, s.Collateral, owed, s.Parameters);
            if (price is { } at && at > 0)
                pnl = Math.Min(SettlementMath.RawPnl(s.Side, s.Quantity, s.EntryPrice, at), s.Reserved);
            if (price is { } p && p > 0 && !s.Cross)
            {
                equity = PositionMath.Equity(s.Side, s.Quantity, s.EntryPrice, s.Collateral, s.Reserved, owed, p, s.Parameters);
                ratio = s.Quantity > 0 ? Common.DecimalMath.Saturating(equity.Value, s.Quantity * p) : null;
            }
        }

        return new PositionView(s.Id, s.Account, s.Market, s.Side, s.Status, s.Quantity, s.EntryPrice,
            s.Status is PositionStatus.Open or PositionStatus.Closed or PositionStatus.Liquidated ? s.Collateral : 0, s.Reserved, s.Leverage,
            s.BorrowIndexAtOpen, s.RealizedPayout, price, interest, pnl, equity, ratio, liquidation, s.FailureReason, s.Outbox.Count,
            s.Status == PositionStatus.Open && s.AtRisk, s.Status == PositionStatus.Open ? s.Warning?.Sigmas : null,
            s.EarlyDeleverages, s.Deleveraging is { } last ? EarlyDeleverageShown.Of(last) : null)
        {
            Cross = s.Cross,
            PendingImpact = s.PendingImpact,
            Funding = funding,
            Triggers = s.Status == PositionStatus.Open && s.Triggers.Waiting.Count > 0 ? s.Triggers.Waiting : null,
        };
    }
}
