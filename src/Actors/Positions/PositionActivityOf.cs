using LeverageActors.Actors.Positions.Operations;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>What a persisted position event means for the public feed, if anything.</summary>
public static class PositionActivityOf
{
    public static PositionActivity? Event(IPositionEvent evt, PositionState before, PositionState after) => evt switch
    {
        PositionOpened e => Activity(after, PositionActivityKind.Opened, after.Quantity, after.EntryPrice, e.At),
        PositionSettlementCompleted e when before.Operation<Settling>() is { } settling => Activity(after,
            after.Status == PositionStatus.Closed ? PositionActivityKind.Closed : PositionActivityKind.Decreased,
            before.Quantity - after.Quantity, settling.Requested.Price, e.At),
        PositionLiquidated e when before.Operation<Liquidating>() is { } liquidating => Activity(after,
            PositionActivityKind.Liquidated, before.Quantity - after.Quantity, liquidating.Started.Price, e.At),
        CrossPositionLiquidated e when before.Operation<CrossLiquidating>() is { } liquidating => Activity(after,
            PositionActivityKind.Liquidated, before.Quantity - after.Quantity, liquidating.Started.Mark.Price, e.At),
        PositionAtRisk e => Activity(after, PositionActivityKind.AtRisk, after.Quantity, e.Price, e.At),
        EarlyDeleverageStarted e => Activity(after, PositionActivityKind.EarlyDeleverage, Portion.OfQuantity(before.Quantity, e.Fraction), e.Price, e.At),
        _ => null,
    };

    private static PositionActivity Activity(PositionState s, PositionActivityKind kind, decimal quantity, decimal price, DateTimeOffset at) =>
        new(s.Id, s.Market, kind, s.Side, quantity, price, at);
}
