using System.Globalization;
using System.Text;
using LeverageActors.Actors.Audit;

namespace LeverageActors.Tests.Faults;

/// <summary>The run's report in Markdown: what was killed, when, how long recovery took, what the load saw, what the audit found.</summary>
public static class FaultReport
{
    public static string Write(TimeSpan load, IReadOnlyList<Kill> kills, IReadOnlyList<(string Node, DateTime At, int ExitCode)> ownExits,
        LoadDriver driver, AuditTotals totals, TimeSpan drained, string postgres)
    {
        static string S(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        static string Count<T>(IEnumerable<T> sent, Func<T, Outcome> outcome) =>
            string.Join(" / ", Enum.GetValues<Outcome>().Select(o => sent.Count(s => outcome(s) == o).ToString(CultureInfo.InvariantCulture)));

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {postgres}: three node processes, load for {S(load)} s, {kills.Count} kills.");
        report.AppendLine();
        report.AppendLine("| # | node killed (kill -9) | at (s into the load) | restarted after (s) | node up after (s) | cluster whole again after (s) | client retries meanwhile |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var k in kills)
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {k.Number} | {k.Node}{(k.HostedMarketWatch ? " (market watch)" : "")} | {S(k.At)} | {S(k.Restarted)} | {S(k.UpAfter)} | {S(k.WholeAfter)} | {k.RetriesDuring} |");
        report.AppendLine();
        report.AppendLine("(market watch): the node ran the market-watch singleton (risk indexes, liquidators, saga watchdog) when it was killed.");
        report.AppendLine();
        report.AppendLine(ownExits.Count == 0
            ? "No node exited on its own (none was downed by the split-brain resolver)."
            : "Nodes that exited on their own (downed by the split-brain resolver) and were restarted 2 s later: " +
              string.Join(", ", ownExits.Select(e => $"{e.Node} at {e.At:HH:mm:ss} UTC (exit code {e.ExitCode})")) + ".");
        report.AppendLine();
        report.AppendLine("| requests (acknowledged / refused / unknown after 3 minutes of retries) | count |");
        report.AppendLine("|---|---|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| deposits | {Count(driver.Deposits, d => d.Outcome)} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| opens | {Count(driver.Opens, o => o.Outcome)} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| closes | {Count(driver.Closes, c => c.Outcome)} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| price reports (never retried) | {Count(driver.Prices, p => p.Outcome)} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| retries, all requests | {driver.Retries} |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Journal: {totals.Events:N0} events, {totals.Positions} positions, {totals.Liquidations} liquidations, bad debt {totals.BadDebt}, " +
            $"sagas in flight {totals.SagasInFlight} ({S(drained)} s after the load stopped). Audit: clean; every acknowledged request in the journal exactly once.");
        return report.ToString();
    }
}
