using System.Text.Json;
using System.Text.Json.Serialization;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Integrity;
using LeverageActors.Messages.Serialization;
using Spectre.Console;

namespace LeverageActors.Host.Cli;

/// <summary>What the audit prints: tables for people, JSON for machines.</summary>
public static class AuditOutput
{
    private static readonly JsonSerializerOptions JsonOut = new(LeverageJson.Options)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <param name="tagIndex">The journal's tag index against its rows; null where the source has no table (a journal file of rows).</param>
    public static int Summary(string path, AuditLedger ledger, JournalIntegrity integrity, TagIndexCheck? tagIndex, bool json)
    {
        var totals = ledger.Totals();
        var ok = ledger.Violations.Count == 0 && integrity.Intact && tagIndex?.Whole != false;
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                journal = path, ok, totals, violations = ledger.Violations, liquidations = ledger.Liquidations,
                integrity = IntegrityOutput.Json(integrity), tagIndex,
            }, JsonOut));
            return ok ? 0 : 1;
        }

        var table = new Table().AddColumns("what", "value").Title($"Audit of {Markup.Escape(path)}");
        table.AddRow("events", totals.Events.ToString("N0"));
        table.AddRow("entities", $"{totals.Accounts} accounts, {totals.Positions} positions, {totals.Pools} pools, {totals.Oracles} oracles, {totals.AssetLedgers} asset ledgers");
        table.AddRow("deposits / withdrawals", $"{totals.Deposits:N6} / {totals.Withdrawals:N6}");
        foreach (var asset in totals.Assets ?? [])
            table.AddRow($"{asset.Asset} deposits / withdrawals / held", $"{asset.Deposits:N6} / {asset.Withdrawals:N6} / {asset.Held:N6}");
        table.AddRow("protocol fees", totals.ProtocolFees.ToString("N6"));
        table.AddRow("insurance funds", totals.InsuranceFunds.ToString("N6"));
        table.AddRow("bad debt (socialised)", totals.BadDebt.ToString("N6"));
        table.AddRow("liquidations", $"{totals.Liquidations} ({ledger.Liquidations.Count(l => l.Justified)} proven below maintenance)");
        table.AddRow("sagas in flight at the end", totals.SagasInFlight.ToString());
        AnsiConsole.Write(table);
        if (ledger.Violations.Count == 0)
        {
            AnsiConsole.MarkupLine("[green]Every invariant holds.[/]");
        }
        else
        {
            var violations = new Table().AddColumns("rule", "entity", "event #", "expected", "found")
                .Title($"{ledger.Violations.Count} violation(s), first {Math.Min(20, ledger.Violations.Count)}");
            foreach (var v in ledger.Violations.Take(20))
                violations.AddRow(Markup.Escape(v.Rule), Markup.Escape(v.Entity), v.Sequence.ToString(), Markup.Escape(v.Expected), Markup.Escape(v.Found));
            AnsiConsole.Write(violations);
        }

        PrintTagIndex(tagIndex);
        // Last, so the last line says whether these are the books that were written.
        IntegrityOutput.Print(integrity);
        return ok ? 0 : 1;
    }

    private static void PrintTagIndex(TagIndexCheck? check)
    {
        if (check is null)
            return;
        if (!check.Readable)
            AnsiConsole.MarkupLine("[yellow]Tag index: not checked: this role may not read journal_tag (GRANT SELECT ON journal_tag).[/]");
        else if (!check.Present)
            AnsiConsole.MarkupLine("Tag index: none yet (a journal from before it: a node indexes it at its next start).");
        else if (check.Whole)
            AnsiConsole.MarkupLine("[green]Tag index: it holds every tag of every row.[/]");
        if (check.Missing > 0)
            AnsiConsole.MarkupLine($"[red]Tag index: {check.Missing:N0} tag(s) of rows are missing from it[/] (the node's followers would not see those rows " +
                                   $"when they catch up at a start): {Markup.Escape(string.Join(", ", check.First))}");
        if (check.Stale > 0)
            AnsiConsole.MarkupLine($"[yellow]Tag index: {check.Stale:N0} entr(ies) have no row that carries their tag[/] (a hand at the journal or the " +
                                   $"index; the node's followers pass over them): {Markup.Escape(string.Join(", ", check.FirstStale ?? []))}");
        if (check.MissingTriggers.Count > 0)
            AnsiConsole.MarkupLine($"[red]Tag index: its triggers {Markup.Escape(string.Join(", ", check.MissingTriggers))} are gone or disabled[/] " +
                                   "(rows written since are not indexed; a node's start creates them again).");
    }

    public static int History(string entity, IReadOnlyList<EntityHistoryLine> lines, AuditLedger ledger, JournalIntegrity integrity, bool json)
    {
        if (lines.Count == 0)
        {
            Console.Error.WriteLine($"error: no events for {entity} in this journal");
            return 2;
        }

        var violations = ledger.Violations.Where(v => v.Entity == entity).ToList();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { entity, events = lines, violations, journal = Proof(ledger, integrity) }, JsonOut));
            return Verdict(ledger, integrity);
        }

        AnsiConsole.MarkupLine($"[bold]History of {Markup.Escape(entity)}[/]");
        foreach (var line in lines)
        {
            var after = line.State;
            if (line.Equity is { } equity)
                after += $"; at {line.Price}: equity {equity:0.######}, margin ratio {line.MarginRatio:P3}";
            AnsiConsole.MarkupLine($"#{line.Sequence} [grey]{line.At:O}[/] [bold]{line.Event}[/] {Markup.Escape(Compact(line.Details))}");
            if (after.Length > 0)
                AnsiConsole.MarkupLine($"    → {Markup.Escape(after)}");
            if (line.Proof is { } proof)
                AnsiConsole.MarkupLine(Markup.Escape(
                    $"    proof: breach #{proof.Breach} recorded at oracle price #{proof.OraclePriceSequence} ({proof.BreachPrice}); " +
                    $"at {proof.LiquidationPrice} equity {proof.Equity:0.######} {(proof.Justified ? "<" : "≥")} maintenance {proof.Maintenance:0.######}: " +
                    (proof.Justified ? "justified" : "NOT justified")));
        }

        foreach (var v in violations)
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(v.Rule)}[/] at #{v.Sequence}: expected {Markup.Escape(v.Expected)}, found {Markup.Escape(v.Found)}");
        return Closing(ledger, integrity);
    }

    /// <summary>What a history or a state as of a time says of the whole journal it was read from.</summary>
    private static object Proof(AuditLedger ledger, JournalIntegrity integrity) =>
        new { rulesHold = ledger.Violations.Count == 0, intact = integrity.Intact, breaks = integrity.AllBreaks.Count(), violations = ledger.Violations.Count };

    private static int Verdict(AuditLedger ledger, JournalIntegrity integrity) => ledger.Violations.Count == 0 && integrity.Intact ? 0 : 1;

    private static int Closing(AuditLedger ledger, JournalIntegrity integrity)
    {
        if (integrity.AllBreaks.Any())
            AnsiConsole.MarkupLine($"[red]The journal was changed: {integrity.AllBreaks.Count()} chain break(s)[/]; run audit without --entity or --as-of for each.");
        if (integrity.Unproven > 0)
            AnsiConsole.MarkupLine($"[red]{integrity.Unproven:N0} event(s) carry no link that proves them[/]; run audit without --entity or --as-of for what to do.");
        if (ledger.Violations.Count > 0)
            AnsiConsole.MarkupLine($"[red]{ledger.Violations.Count} rule violation(s) in the journal[/]; run audit without --entity or --as-of for each.");
        if (Verdict(ledger, integrity) == 0)
            AnsiConsole.MarkupLine("[green]Every rule holds and every chain is whole in the journal this was read from.[/]");
        return Verdict(ledger, integrity);
    }

    /// <summary>The event's fields without the market parameters every opening repeats.</summary>
    private static string Compact(JsonElement details) =>
        string.Join(", ", details.EnumerateObject().Where(p => p.Name != "parameters").Select(p => $"{p.Name} {p.Value}"));

    public static int AsOf(DateTimeOffset at, AuditLedger ledger, JournalIntegrity integrity, bool json)
    {
        var accounts = ledger.Accounts.Values.Where(a => a.IsOpen).OrderBy(a => a.Id.Value, StringComparer.Ordinal)
            .Select(a => a.View()).ToList();
        var positions = ledger.Positions.Values.OrderBy(p => p.Id.Value, StringComparer.Ordinal).Select(p => p.View(null, null)).ToList();
        var pools = ledger.Pools.Values.Select(p => p.AccruedTo(at).View(null, at)).ToList();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { asOf = at, accounts, positions, pools, journal = Proof(ledger, integrity) }, JsonOut));
            return Verdict(ledger, integrity);
        }

        var accountTable = new Table().AddColumns("account", "free", "locked", "deposited", "withdrawn").Title($"Accounts as of {at:O}");
        foreach (var a in accounts)
            accountTable.AddRow(a.AccountId.Value, a.FreeBalance.ToString("N6"), a.LockedCollateral.ToString("N6"), a.TotalDeposited.ToString("N6"), a.TotalWithdrawn.ToString("N6"));
        AnsiConsole.Write(accountTable);

        var positionTable = new Table().AddColumns("position", "account", "market", "side", "status", "quantity", "entry", "collateral", "reserved");
        foreach (var p in positions)
            positionTable.AddRow(p.PositionId.Value, p.AccountId.Value, p.Market.Value, p.Side.ToString(), p.Status.ToString(),
                p.Quantity.ToString("0.######"), p.EntryPrice.ToString(), p.Collateral.ToString("N6"), p.Reserved.ToString("N6"));
        AnsiConsole.Write(positionTable);

        var poolTable = new Table().AddColumns("pool", "assets", "reserved", "insurance", "fees", "bad debt", "shares");
        foreach (var p in pools)
            poolTable.AddRow(p.Market.Value, p.Assets.ToString("N6"), p.Reserved.ToString("N6"), p.InsuranceFund.ToString("N6"),
                p.ProtocolFees.ToString("N6"), p.BadDebt.ToString("N6"), p.TotalShares.ToString("N6"));
        AnsiConsole.Write(poolTable);
        return Closing(ledger, integrity);
    }
}
