using System.Globalization;
using LeverageActors.Actors.Simulation;
using Spectre.Console;

namespace LeverageActors.Host.Cli;

/// <summary>The terminal side of <c>simulate</c>: one table per run, sweep or comparison.</summary>
public static class SimulateOutput
{
    public static void Summary(SimulationSummary s, string outDir)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"Simulation of {s.Market} on {s.Prices}")
            .AddColumn("what").AddColumn(new TableColumn("value").RightAligned());
        void Row(string what, string value) => table.AddRow(Markup.Escape(what), Markup.Escape(value));

        var st = s.Settings;
        Row("engine / seed", $"{s.Engine} / {st.Seed}");
        Row("path", $"{s.Start:yyyy-MM-dd HH:mm} → {s.End:yyyy-MM-dd HH:mm} UTC, {s.PricePoints:N0} prices, {s.OraclePrices:N0} oracle prices");
        Row("oracle latency / cadence", $"{st.LatencySeconds:0.##} s / {(st.CadenceSeconds == 0 ? "every price" : $"{st.CadenceSeconds:0.##} s")}");
        Row("maintenance margin / max leverage", $"{st.MaintenanceMarginRate:P2} / {st.MaxLeverage:0.##}x");
        Row("liquidator", $"delay {st.LiquidatorDelaySeconds:0.##} s, {(st.LiquidatorCapacityPerSecond == 0 ? "no capacity limit" : $"{st.LiquidatorCapacityPerSecond:0.##}/s")}, fills at {st.Execution} price, {st.LiquidationMode}");
        Row("risk features", st.Features);
        Row("traders / positions opened", $"{s.Traders:N0} / {s.PositionsOpened:N0}{Refusals(s)}");
        Row("liquidity providers", $"{s.Providers:N0} with {Money(s.Liquidity)}");
        Row("peak open interest / notional opened", $"{Money(s.PeakOpenInterest)} / {Money(s.OpenedNotional)}");
        Row("breaches (cleared at the fill)", $"{s.Breaches:N0} ({s.BreachesCleared:N0})");
        Row("liquidations full / partial / early", $"{s.FullLiquidations:N0} / {s.PartialLiquidations:N0} / {s.EarlyDeleverages:N0}");
        Row("predictive warnings / early deleverages (notional closed)", $"{s.Warnings:N0} / {s.EarlyDeleverages:N0} ({Money(s.EarlyDeleveragedNotional)})");
        Row("ADL reductions", $"{s.AdlReductions:N0}");
        Row("liquidations outstanding at the end", $"{s.LiquidationsOutstanding:N0}");
        Row("stop-losses / top-ups", $"{s.StopLosses:N0} / {s.TopUps:N0}");
        Row("LP withdrawals (attempts paused / other refusals)",
            $"{s.ProviderWithdrawals:N0} ({s.ProviderWithdrawalsPaused:N0} / {s.ProviderWithdrawalsRefused - s.ProviderWithdrawalsPaused:N0})");
        Row("bad debt", $"{Money(s.BadDebt)} = {s.BadDebtPercent:0.####}% of peak open interest");
        Row("shortfall before insurance", $"{Money(s.Shortfall)} = {s.ShortfallPercentOfOpened:0.####}% of notional opened");
        Row("insurance used / left", $"{Money(s.InsuranceUsed)} / {Money(s.InsuranceFund)}");
        Row("LP PnL", Money(s.LpPnl));
        Row("fees open / close / interest", $"{Money(s.OpenFees)} / {Money(s.CloseFees)} / {Money(s.Interest)}");
        Row("traders' losses to penalties (to liquidators)", $"{Money(s.Penalties)} ({Money(s.LiquidatorRewards)})");
        if (s.Impact != 0 || s.ImpactPool != 0)
            Row("price impact settled / impact pool", $"{Money(s.Impact)} / {Money(s.ImpactPool)}");
        Row("worst pool drawdown", $"{s.WorstPoolDrawdownPercent:0.####}%");
        Row("trader-price steps", $"{s.TraderPriceSteps:N0} in {s.WallSeconds:0.00} s");
        Row("books", s.InvariantViolations.Count == 0 ? "balance" : $"{s.InvariantViolations.Count} violation(s)");
        AnsiConsole.Write(table);
        foreach (var violation in s.InvariantViolations)
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(violation)}[/]");
        AnsiConsole.MarkupLine($"Wrote summary.json, series.csv and charts to {Markup.Escape(Path.GetFullPath(outDir))}");
    }

    public static void Sweep(IReadOnlyList<SweepCell> cells, IReadOnlyList<SweepAxis> axes, string outDir)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"Sweep of {cells.Count} runs");
        foreach (var axis in axes)
            table.AddColumn(axis.Name);
        foreach (var column in new[] { "opened", "liquidations", "early", "bad debt", "% peak OI", "shortfall % opened", "insurance used", "LP PnL", "drawdown %", "books" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var cell in cells)
        {
            var s = cell.Summary;
            table.AddRow([
                .. cell.Values.Select(v => Markup.Escape(v.Value)),
                $"{s.PositionsOpened:N0}", $"{s.FullLiquidations + s.PartialLiquidations:N0}", $"{s.EarlyDeleverages:N0}", Money(s.BadDebt),
                $"{s.BadDebtPercent:0.####}", $"{s.ShortfallPercentOfOpened:0.####}", Money(s.InsuranceUsed), Money(s.LpPnl),
                $"{s.WorstPoolDrawdownPercent:0.##}", s.InvariantViolations.Count == 0 ? "balance" : "[red]violated[/]",
            ]);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Wrote sweep.csv, sweep.json and heatmaps to {Markup.Escape(Path.GetFullPath(outDir))}");
    }

    public static void Comparison(IReadOnlyList<DesignOutcome> rows, string outDir)
    {
        var reference = rows.FirstOrDefault(r => r.Summary is not null)?.Summary;
        var table = new Table().Border(TableBorder.Rounded).Title("Risk designs on the same path and population")
            .AddColumn("design").AddColumn(new TableColumn("bad debt").RightAligned()).AddColumn(new TableColumn("% peak OI").RightAligned())
            .AddColumn(new TableColumn("vs first").RightAligned()).AddColumn(new TableColumn("liquidations").RightAligned())
            .AddColumn(new TableColumn("warnings").RightAligned()).AddColumn(new TableColumn("early").RightAligned())
            .AddColumn(new TableColumn("notional cut early").RightAligned()).AddColumn(new TableColumn("LP PnL").RightAligned()).AddColumn("note");
        foreach (var row in rows)
        {
            if (row.Summary is not { } s)
            {
                table.AddRow(row.Design, "", "", "", "", "", "", "", "", "not available");
                continue;
            }

            var ratio = reference is null || reference.BadDebt == 0 ? (s.BadDebt == 0 ? "1" : "—") : (s.BadDebt / reference.BadDebt).ToString("0.###", CultureInfo.InvariantCulture);
            table.AddRow(row.Design, Money(s.BadDebt), $"{s.BadDebtPercent:0.####}", ratio,
                $"{s.FullLiquidations + s.PartialLiquidations:N0}", $"{s.Warnings:N0}", $"{s.EarlyDeleverages:N0}", Money(s.EarlyDeleveragedNotional),
                Money(s.LpPnl), s.InvariantViolations.Count == 0 ? "books balance" : "[red]books violated[/]");
        }

        AnsiConsole.Write(table);
        // Outside the table, so the reason is one line a script can find.
        foreach (var row in rows.Where(r => r.Summary is null))
            Console.WriteLine($"{row.Design}: {row.NotAvailable}");
        AnsiConsole.MarkupLine($"Wrote compare.csv and compare.json to {Markup.Escape(Path.GetFullPath(outDir))}");
    }

    private static string Refusals(SimulationSummary s) =>
        s.OpensRefused.Count == 0 ? "" : " (refused: " + string.Join(", ", s.OpensRefused.Select(r => $"{r.Value:N0} {r.Key}")) + ")";

    private static string Money(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);
}
