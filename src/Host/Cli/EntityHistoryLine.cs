using System.Text.Json;
using LeverageActors.Actors.Audit;
using LeverageActors.Messages;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Host.Cli;

/// <summary>One event of an entity's history, with what it left behind.</summary>
public sealed record EntityHistoryLine(
    long Sequence,
    DateTimeOffset At,
    string Event,
    JsonElement Details,
    string State,
    decimal? Price,
    decimal? Equity,
    decimal? MarginRatio,
    LiquidationProof? Proof)
{
    public static EntityHistoryLine Of(JournalRow row, ILeverageEvent evt, AuditLedger ledger)
    {
        var details = JsonSerializer.SerializeToElement(evt, evt.GetType(), LeverageJson.Options);
        var at = AuditLedger.TimeOf(evt);
        if (evt is not IPositionEvent p || !ledger.Positions.TryGetValue(p.PositionId, out var position))
            return new(row.SequenceNr, at, evt.GetType().Name, details, "", null, null, null, null);

        var price = evt switch
        {
            PositionOpenRequested e => e.EntryPrice,
            PositionSettlementRequested e => e.Price,
            PositionBreached e => e.Price,
            LiquidationStarted e => e.Price,
            _ => (decimal?)null,
        };
        var index = evt is PositionBreached b ? b.BorrowIndex : position.OpenBreach?.BorrowIndex ?? position.BorrowIndexAtOpen;
        decimal? equity = null, ratio = null;
        // A price of 0 or past decimal's range is no node's (the audit names the row): the line shows no margin for it.
        if (price is { } at_ && at_ > 0 && position.Status == PositionStatus.Open && position.Quantity > 0)
        {
            try
            {
                equity = position.Margin(at_, index).Equity;
                ratio = equity / (position.Quantity * at_);
            }
            catch (ArithmeticException)
            {
                (equity, ratio) = (null, null);
            }
        }

        var proof = evt is LiquidationStarted ? ledger.Liquidations.LastOrDefault(l => l.Position == p.PositionId) : null;
        var state = $"{position.Status}, quantity {position.Quantity:0.######}, collateral {position.Collateral}, reserved {position.Reserved}";
        return new(row.SequenceNr, at, evt.GetType().Name, details, state, price, equity, ratio, proof);
    }
}
