using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// The numbers a position hands out (transfer ids, settlement and breach numbers) and the newest
/// oracle price number it has acted on. The only place that allocates a transfer id: a decision
/// names the next one, and the event that carries it takes it here, so the two cannot disagree.
/// </summary>
public sealed record PositionNumbers(PositionId Position)
{
    public int Transfers { get; init; }

    public int Settlements { get; init; }

    public int Breaches { get; init; }

    /// <summary>A liquidation at an older price is refused, so a breach's own price cannot be replayed later.</summary>
    public long LastPriceSequence { get; init; }

    /// <summary>The open locks the position's collateral as its first transfer.</summary>
    public static TransferId OpenTransfer(PositionId position) => TransferId.Of(position, 1);

    /// <summary>The transfer <paramref name="ahead"/> places after the last one taken.</summary>
    public TransferId NextTransfer(int ahead = 1) => TransferId.Of(Position, Transfers + ahead);

    public int NextSettlement => Settlements + 1;

    public int NextBreach => Breaches + 1;

    /// <summary>The numbers once <paramref name="evt"/> has taken the ones it carries.</summary>
    public PositionNumbers After(IPositionEvent evt) => evt switch
    {
        PositionOpenRequested => this with { Transfers = 1 },
        // A settlement takes its payout's transfer even when nothing is paid out.
        CollateralIncreaseRequested or CollateralDecreased or PositionSettlementCompleted or SettlementMarginDrawn or CrossPositionLiquidated =>
            this with { Transfers = Transfers + 1 },
        PositionLiquidated => this with { Transfers = Transfers + 2 },
        PositionSettlementRequested e => this with { Settlements = e.Number },
        PositionBreached e => this with { Breaches = e.Breach, LastPriceSequence = Math.Max(LastPriceSequence, e.PriceSequence) },
        BreachCleared e => this with { LastPriceSequence = Math.Max(LastPriceSequence, e.PriceSequence) },
        CrossLiquidationStarted e => this with { Settlements = e.Number, LastPriceSequence = Math.Max(LastPriceSequence, e.Mark.Sequence) },
        TriggerExecuted e => this with { LastPriceSequence = Math.Max(LastPriceSequence, e.PriceSequence) },
        LiquidationStarted e => this with { Settlements = e.Number, LastPriceSequence = Math.Max(LastPriceSequence, e.PriceSequence) },
        _ => this,
    };
}
