using System.CommandLine;
using LeverageActors.Actors.Simulation;
using LeverageActors.Host.Simulation;

namespace LeverageActors.Host.Cli;

/// <summary>The options <c>simulate</c> and <c>simulate compare</c> share.</summary>
public sealed class SimulateOptions
{
    public Option<string> Prices { get; } = new("--prices")
    {
        Description = "Price file: timestamp,market,price rows or exchange candles (Kraken, Binance, Gemini, Bitfinex exports). Default: the bundled Black-Thursday-like crash",
        DefaultValueFactory = _ => BundledScenarios.BlackThursday,
    };

    public Option<string?> Market { get; } = new("--market")
    {
        Description = "The market simulated: picks it from a file of several; names the market of a candle file (default ETH-USD)",
    };

    public Option<PriceFileFormat> Format { get; } = new("--format")
    {
        Description = "auto (from the header), plain (timestamp,market,price) or ohlc (candles)",
        DefaultValueFactory = _ => PriceFileFormat.Auto,
    };

    public Option<string> Population { get; } = new("--population")
    {
        Description = "Population spec (JSON). Default: the bundled population of 10,000 traders",
        DefaultValueFactory = _ => BundledScenarios.DefaultPopulation,
    };

    public Option<string?> Params { get; } = new("--params")
    {
        Description = "Parameters (JSON): Markets (as in appsettings.json), Oracle, Liquidator, Features. Default: the node's defaults",
    };

    public Option<string> Out { get; } = new("--out")
    {
        Description = "Directory for summary.json, series.csv and the charts",
        DefaultValueFactory = _ => "simulation",
    };

    public Option<ulong> Seed { get; } = new("--seed")
    {
        Description = "Seed of the population generator: the same seed draws the same traders",
        DefaultValueFactory = _ => 1UL,
    };

    public Option<string> Engine { get; } = new("--engine")
    {
        Description = "pure (the domain states in-process, fast) or node (a real in-process node: sharding, SQLite journal, actors)",
        DefaultValueFactory = _ => "pure",
    };

    public IEnumerable<Option> All => [Prices, Market, Format, Population, Params, Out, Seed, Engine];
}
