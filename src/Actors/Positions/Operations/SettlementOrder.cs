using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>What a close and a liquidation both ask of the pool: settle a fraction of the position with its share of the collateral.</summary>
public static class SettlementOrder
{
    public static SettlePosition For(PositionState position, int number, decimal fraction, decimal price, bool liquidation, DateTimeOffset at, int breach = 0) =>
        new(position.Market, position.Id, number, fraction, Portion.OfMoney(position.Collateral, fraction), price,
            liquidation, at, breach);
}
