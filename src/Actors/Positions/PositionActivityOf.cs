using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>What a persisted position event means for the public feed, if anything.</summary>
public static class PositionActivityOf
{
    public static PositionActivity? Event(IPositionEvent evt, PositionState before, PositionState after) => evt switch
    {
        PositionOpened e => Activity(after, PositionActivityKind.Opened, after.Quantity, after.EntryPrice, e.At),
        PositionSettlementCompleted e when before.PendingSettlement is { } request => Activity(after,
            after.Status == PositionStatus.Closed ? PositionActivityKind.Closed : PositionActivityKind.Decreased,
            before.Quantity - after.Quantity, request.Price, e.At),
        PositionLiquidated e when before.PendingLiquidation is { } liquidation => Activity(after,
            PositionActivityKind.Liquidated, before.Quantity - after.Quantity, liquidation.Price, e.At),
        _ => null,
    };

    private static PositionActivity Activity(PositionState s, PositionActivityKind kind, decimal quantity, decimal price, DateTimeOffset at) =>
        new(s.Id, s.Market, kind, s.Side, quantity, price, at);
}
