using LeverageActors.Actors.Integrity;
using Spectre.Console;

namespace LeverageActors.Host.Cli;

/// <summary>What the audit prints about the hash chains and the digest.</summary>
public static class IntegrityOutput
{
    public static object Json(JournalIntegrity integrity) => new
    {
        intact = integrity.Intact,
        events = integrity.Events,
        unchained = integrity.Unchained,
        unproven = integrity.Unproven,
        firstBreak = integrity.AllBreaks.FirstOrDefault(),
        breaks = integrity.AllBreaks.Take(100).ToList(),
        digest = integrity.Digest is { } d ? new { signed = d.Signed, appended = d.Appended.Take(100).ToList(), streamsAppended = d.Appended.Count } : null,
    };

    public static void Print(JournalIntegrity integrity)
    {
        var unchained = integrity.Unchained > 0 ? $", {integrity.Unchained:N0} written before chains (unchained)" : "";
        AnsiConsole.MarkupLine($"Hash chains: {integrity.Events:N0} events read{unchained}.");
        if (integrity.Digest is { } digest)
        {
            var grew = digest.Appended.Count == 0 ? "nothing written since" : $"{digest.Appended.Count:N0} stream(s) written to since (listed with --json)";
            AnsiConsole.MarkupLine($"Digest: {(digest.Signed ? "signature valid" : "unsigned")}; {grew}.");
        }

        if (integrity.Unproven > 0)
            AnsiConsole.MarkupLine($"[red]{integrity.Unproven:N0} event(s) carry no link that proves them[/]: written before chains, or their links " +
                                   "stripped since, which nothing left in the journal tells apart. A journal begun before chains (a node before " +
                                   "December 2026): --accept-unchained, or check it against a digest taken since (--verify-digest).");
        var breaks = integrity.AllBreaks.ToList();
        if (breaks.Count == 0 && integrity.Unproven > 0)
            return;
        if (breaks.Count == 0)
        {
            AnsiConsole.MarkupLine(integrity.Digest is null
                ? "[green]Every chain is whole.[/]"
                : "[green]Every chain is whole and the journal holds exactly the history the digest committed to.[/]");
            return;
        }

        if (breaks.Count > 1)
        {
            var table = new Table().AddColumns("entity", "event #", "expected", "found")
                .Title($"{breaks.Count} broken link(s), first {Math.Min(20, breaks.Count)}");
            foreach (var b in breaks.Take(20))
                table.AddRow(Markup.Escape(b.Entity), b.Sequence.ToString(), Markup.Escape(Short(b.Expected)), Markup.Escape(Short(b.Found)));
            AnsiConsole.Write(table);
        }

        // In full, for the record: the table shortens links.
        var first = breaks[0];
        AnsiConsole.MarkupLine($"[red]The journal was changed.[/] First broken link: {Markup.Escape(first.Entity)} event #{first.Sequence}: " +
                               $"expected {Markup.Escape(first.Expected)}, found {Markup.Escape(first.Found)}");
    }

    /// <summary>A 64-digit link cut to its first 12 digits, wherever it appears.</summary>
    private static string Short(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "[0-9a-f]{64}", m => m.Value[..12] + "…");
}
