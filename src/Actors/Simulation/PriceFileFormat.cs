namespace LeverageActors.Actors.Simulation;

/// <summary>
/// What a price file holds: the project's own <c>timestamp,market,price</c> rows, or exchange
/// candles (open, high, low, close) that are turned into an intra-candle path.
/// </summary>
public enum PriceFileFormat
{
    Auto,
    Plain,
    Ohlc,
}
