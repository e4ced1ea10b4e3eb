using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Oracles;

/// <summary>
/// The market's margin requirement moved, from the recorded volatility <c>Sigma</c> (per √second)
/// over <c>Horizon</c>, at the oracle's price number <c>PriceSequence</c>. A rise is held back for
/// liquidation until <c>GraceUntil</c> (the previous maintenance applies to liquidations until
/// then); a fall has <c>GraceUntil</c> = <c>At</c>. Written by the oracle, at a bounded rate.
/// </summary>
public sealed record MarginRequirementChanged(
    MarketId Market,
    decimal Maintenance,
    decimal Initial,
    decimal PreviousMaintenance,
    decimal PreviousInitial,
    decimal Sigma,
    TimeSpan Horizon,
    DateTimeOffset GraceUntil,
    long PriceSequence,
    DateTimeOffset At) : IOracleEvent;
