using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LeverageActors.Actors.Oracles.Volatility;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Serialization;
using Spectre.Console;

namespace LeverageActors.Host.Cli;

/// <summary>
/// <c>simulate backtest</c>: replays a price file through the volatility models and reports, per
/// model and z, how often the price moved past the margin z·σ·√horizon within the horizon, with
/// Kupiec's test at 99%. Exit code 0, or 2 for a usage error.
/// </summary>
public static class BacktestCommand
{
    private static readonly Option<string> Zs = new("--z")
    {
        Description = "Multiples of σ·√horizon to test, comma-separated",
        DefaultValueFactory = _ => "1.645,2.326,3",
    };

    private static readonly Option<double> Horizon = new("--horizon")
    {
        Description = "Seconds a margin must cover: oracle latency + liquidation delay",
        DefaultValueFactory = _ => 60,
    };

    private static readonly Option<decimal> Lambda = new("--lambda") { Description = "EWMA decay", DefaultValueFactory = _ => 0.94m };

    private static readonly Option<decimal> Alpha = new("--alpha") { Description = "GARCH α (ω is fitted by variance targeting)", DefaultValueFactory = _ => 0.05m };

    private static readonly Option<decimal> Beta = new("--beta") { Description = "GARCH β", DefaultValueFactory = _ => 0.90m };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON instead of a table" };

    public static Command Create()
    {
        var shared = new SimulateOptions();
        var command = new Command("backtest", "Backtest the volatility models' margins on a price file (coverage breaches, Kupiec's test)");
        foreach (var option in new Option[] { shared.Prices, shared.Market, shared.Format, shared.Out, Zs, Horizon, Lambda, Alpha, Beta, Json })
            command.Options.Add(option);
        command.SetAction(result => Run(result, shared));
        return command;
    }

    private static int Run(ParseResult result, SimulateOptions o)
    {
        if (ParseZs(result.GetValue(Zs)!) is not { } zs)
            return Fail($"--z must be positive numbers separated by commas, got '{result.GetValue(Zs)}'");
        var seconds = result.GetValue(Horizon);
        if (!(seconds > 0 && seconds < 365 * 86_400))
            return Fail($"--horizon must be a positive number of seconds up to a year, got {seconds}");
        var (lambda, alpha, beta) = (result.GetValue(Lambda), result.GetValue(Alpha), result.GetValue(Beta));
        if (lambda is <= 0 or >= 1)
            return Fail($"--lambda must be in (0, 1), got {lambda}");
        if (alpha < 0 || beta < 0 || alpha + beta >= 1)
            return Fail($"--alpha and --beta must be ≥ 0 with α + β < 1, got {alpha} and {beta}");

        if (OutputDirectory.Unwritable(result.GetValue(o.Out)!) is { } unwritable)
            return Fail(unwritable);
        MarketPath path;
        try
        {
            var market = result.GetValue(o.Market) is { } name
                ? IdRules.IsValid(name) ? MarketId.From(name) : throw new InvalidDataException($"--market '{name}' is not a market name")
                : (MarketId?)null;
            path = PriceFile.Read(result.GetValue(o.Prices)!, result.GetValue(o.Format), market);
        }
        catch (Exception e) when (e is PriceFileError or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message);
        }

        var points = path.Points.Select(p => (p.Time, p.Price)).ToList();
        var ewma = VolatilityModel.Default with { Lambda = lambda };
        var garch = GarchFit.VarianceTargeted(points, alpha, beta, ewma.SampleEvery);
        var rows = MarginBacktest.Run(points, [($"ewma λ={lambda}", ewma), ($"garch α={alpha} β={beta}", garch)], zs, TimeSpan.FromSeconds(seconds));
        var report = new BacktestReport(path.Source, path.Market.Value, path.Points.Count, seconds, garch.Omega, rows);

        var outDir = result.GetValue(o.Out)!;
        Directory.CreateDirectory(outDir);
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(LeverageJson.Options) { WriteIndented = true });
        File.WriteAllText(Path.Combine(outDir, "backtest.json"), json);
        if (result.GetValue(Json))
            Console.WriteLine(json);
        else
            Table(report, outDir);
        return 0;
    }

    private static void Table(BacktestReport r, string outDir)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"Margin backtest of {r.Market} on {Path.GetFileName(r.Prices)}: {r.PricePoints:N0} prices, horizon {r.HorizonSeconds:0.##} s"))
            .AddColumns("model", "z", "mean margin", "observations", "breaches (long/short)", "rate", "expected", "Kupiec LR", "at 99%");
        foreach (var row in r.Rows)
            table.AddRow(Markup.Escape(row.Model), row.Z.ToString(CultureInfo.InvariantCulture), $"{row.MeanMargin:P3}",
                $"{row.Test.Observations:N0}", $"{row.Test.Failures:N0} ({row.LongBreaches:N0}/{row.ShortBreaches:N0})",
                $"{row.Test.Observed:P3}", $"{row.Test.Expected:P3}", $"{row.Test.LikelihoodRatio:0.00}",
                row.Test.Rejected ? "[red]rejected[/]" : "[green]holds[/]");
        AnsiConsole.Write(table);
        Console.WriteLine($"GARCH ω fitted by variance targeting: {r.GarchOmega.ToString(CultureInfo.InvariantCulture)}. Written: {Path.Combine(outDir, "backtest.json")}");
    }

    private static List<decimal>? ParseZs(string text)
    {
        var zs = new List<decimal>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!decimal.TryParse(part, NumberStyles.Number, CultureInfo.InvariantCulture, out var z) || z <= 0 || z > 100)
                return null;
            zs.Add(z);
        }

        return zs.Count > 0 ? zs : null;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 2;
    }
}

/// <summary>What <c>simulate backtest</c> writes to backtest.json.</summary>
public sealed record BacktestReport(string Prices, string Market, int PricePoints, double HorizonSeconds, decimal GarchOmega, IReadOnlyList<BacktestRow> Rows);
