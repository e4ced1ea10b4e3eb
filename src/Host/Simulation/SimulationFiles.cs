using System.Globalization;
using System.Text;
using System.Text.Json;
using LeverageActors.Actors.Simulation;
using LeverageActors.Host.Cli;

namespace LeverageActors.Host.Simulation;

/// <summary>The machine-readable outputs of <c>simulate</c>: JSON summaries and CSV tables.</summary>
public static class SimulationFiles
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(SimulationResult result, string dir)
    {
        File.WriteAllText(Path.Combine(dir, "summary.json"), JsonSerializer.Serialize(result.Summary, Json));
        var csv = new StringBuilder("time,market_price,oracle_price,open_positions,open_interest,long_equity,short_equity,maintenance_requirement,liquidations,bad_debt,insurance_fund,pool_value,share_price\n");
        foreach (var s in result.Samples)
            csv.AppendLine(string.Join(',', s.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), N(s.MarketPrice),
                s.OraclePrice is { } o ? N(o) : "", s.OpenPositions.ToString(CultureInfo.InvariantCulture), N(s.OpenInterest), N(s.LongEquity), N(s.ShortEquity),
                N(s.MaintenanceRequirement), s.Liquidations.ToString(CultureInfo.InvariantCulture), N(s.BadDebt), N(s.InsuranceFund),
                N(s.PoolValue), N(s.SharePrice)));
        File.WriteAllText(Path.Combine(dir, "series.csv"), csv.ToString());
    }

    public static void WriteSweep(IReadOnlyList<SweepCell> cells, string dir)
    {
        File.WriteAllText(Path.Combine(dir, "sweep.json"), JsonSerializer.Serialize(
            cells.Select(c => new { values = c.Values.ToDictionary(v => v.Axis, v => v.Value), summary = c.Summary }), Json));
        var axes = cells.Count == 0 ? [] : cells[0].Values.Select(v => v.Axis).ToList();
        var csv = new StringBuilder(string.Join(',', [.. axes, "opened", "full_liquidations", "partial_liquidations", "bad_debt", "bad_debt_pct_peak_oi",
            "shortfall", "shortfall_pct_opened", "insurance_used", "lp_pnl", "worst_drawdown_pct", "warnings", "early_deleverages", "early_deleveraged_notional", "books_balance"]) + "\n");
        foreach (var c in cells)
        {
            var s = c.Summary;
            csv.AppendLine(string.Join(',', [.. c.Values.Select(v => v.Value), I(s.PositionsOpened), I(s.FullLiquidations), I(s.PartialLiquidations),
                N(s.BadDebt), N(s.BadDebtPercent), N(s.Shortfall), N(s.ShortfallPercentOfOpened), N(s.InsuranceUsed), N(s.LpPnl),
                N(s.WorstPoolDrawdownPercent), I(s.Warnings), I(s.EarlyDeleverages), N(s.EarlyDeleveragedNotional), s.InvariantViolations.Count == 0 ? "true" : "false"]));
        }

        File.WriteAllText(Path.Combine(dir, "sweep.csv"), csv.ToString());
    }

    public static void WriteComparison(IReadOnlyList<DesignOutcome> rows, string dir)
    {
        File.WriteAllText(Path.Combine(dir, "compare.json"), JsonSerializer.Serialize(rows, Json));
        var csv = new StringBuilder("design,bad_debt,bad_debt_pct_peak_oi,liquidations,early_deleverages,warnings,early_deleveraged_notional,"
            + "shortfall,lp_pnl,adl_reductions,books_balance,not_available\n");
        foreach (var r in rows)
            csv.AppendLine(r.Summary is { } s
                ? $"{r.Design},{N(s.BadDebt)},{N(s.BadDebtPercent)},{I(s.FullLiquidations + s.PartialLiquidations)},{I(s.EarlyDeleverages)},{I(s.Warnings)},"
                  + $"{N(s.EarlyDeleveragedNotional)},{N(s.Shortfall)},{N(s.LpPnl)},{I(s.AdlReductions)},{(s.InvariantViolations.Count == 0 ? "true" : "false")},"
                : $"{r.Design},,,,,,,,,,,\"{r.NotAvailable}\"");
        File.WriteAllText(Path.Combine(dir, "compare.csv"), csv.ToString());
    }

    private static string N(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
