using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Deleveraging;

/// <summary>One winning position as a round ranks it: what it held, its PnL and notional at the round's price, and its score.</summary>
public sealed record AdlCandidate(PositionId Id, decimal Quantity, decimal Collateral, decimal Pnl, decimal Notional, decimal Score, decimal DustNotional)
{
    public static AdlCandidate At(RiskPosition p, decimal price)
    {
        var pnl = AdlMath.Pnl(p.Side, p.Quantity, p.EntryPrice, p.Collateral, p.Reserved, price);
        var notional = p.Quantity * price;
        return new(p.Id, p.Quantity, p.Collateral, pnl, notional, AdlMath.Score(pnl, p.Collateral, notional), p.Parameters.DustNotional);
    }

    /// <summary>Highest score first; equal scores by position id, so a round's order is a function of its inputs.</summary>
    public static int Ranking(AdlCandidate a, AdlCandidate b) =>
        a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id.Value, b.Id.Value);
}
