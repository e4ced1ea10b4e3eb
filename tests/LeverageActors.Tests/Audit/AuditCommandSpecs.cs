using System.Text.Json;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Audit;

/// <summary>The audit verb as an auditor runs it, on a SQLite file or a PostgreSQL connection string.</summary>
public abstract class AuditCommandSpecs<TJournal>(TJournal journal) : IClassFixture<TJournal>
    where TJournal : AuditJournal
{
    protected TJournal Journal => journal;

    [Fact]
    public async Task Json_output_reports_the_totals_and_exit_code_0_when_the_books_hold()
    {
        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", journal.Argument, "--json");

        Assert.Equal(0, code);
        using var report = JsonDocument.Parse(stdout);
        Assert.True(report.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(1_020_000m, report.RootElement.GetProperty("totals").GetProperty("deposits").GetDecimal());
        Assert.Equal(1, report.RootElement.GetProperty("totals").GetProperty("liquidations").GetInt32());
    }

    [Fact]
    public async Task A_tampered_journal_exits_1_and_names_the_entity_and_event()
    {
        using var copy = journal.Copy();
        Assert.Equal(1, copy.Execute("DELETE FROM journal WHERE persistence_id = 'account-A' AND sequence_number = 2"));

        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument);

        Assert.Equal(1, code);
        Assert.Contains("account-A", stdout);
        Assert.Contains("sequence", stdout);
    }

    [Fact]
    public async Task Entity_history_shows_each_event_and_proves_the_liquidation()
    {
        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", journal.Argument, "--entity", $"position-{journal.Liquidated}");

        Assert.Equal(0, code);
        Assert.Contains("Every rule holds and every chain is whole", stdout);
        Assert.Contains("PositionOpenRequested", stdout);
        Assert.Contains("PositionBreached", stdout);
        Assert.Contains("LiquidationStarted", stdout);
        Assert.Contains("1810", stdout);
        Assert.Contains("justified", stdout);
        Assert.DoesNotContain("NOT justified", stdout);
    }

    /// <summary>
    /// A breach edited to a price of 0 ended the history of its position in a division by zero and a
    /// stack trace, before any finding was shown (found by a read-only review): the line shows no margin.
    /// </summary>
    [Fact]
    public async Task An_entity_history_with_a_breach_edited_to_a_price_of_0_is_shown_and_exits_1()
    {
        using var copy = journal.Copy();
        var t = new Integrity.Tampering(copy);
        var entity = $"position-{journal.Liquidated}";
        var breach = t.Rows().First(r => r.PersistenceId == entity && r.Manifest == "XB");
        t.EditEvent(entity, breach.SequenceNr, e => e["price"] = 0m);

        var (code, stdout, stderr) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument, "--entity", entity);

        Assert.Equal(1, code);
        Assert.Contains("PositionBreached", stdout);
        Assert.DoesNotContain("Exception", stdout + stderr);
    }

    [Fact]
    public async Task As_of_json_lists_balances_and_positions_at_that_time()
    {
        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", journal.Argument, "--as-of", journal.MidStory.ToString("O"), "--json");

        Assert.Equal(0, code);
        using var report = JsonDocument.Parse(stdout);
        var liquidated = report.RootElement.GetProperty("positions").EnumerateArray()
            .Single(p => p.GetProperty("positionId").GetString() == journal.Liquidated.Value);
        Assert.Equal("Open", liquidated.GetProperty("status").GetString());
    }

    /// <summary>
    /// An investigator reading one entity's history, or the state as of a time, from a changed journal
    /// was shown the changed one with exit code 0, and a digest given was never checked (found by a
    /// read-only review): both now say whether the journal holds and exit 1 when it does not.
    /// </summary>
    [Fact]
    public async Task A_history_or_a_state_as_of_a_time_read_from_a_tampered_journal_exits_1_and_says_so()
    {
        using var copy = journal.Copy();
        Assert.Equal(1, copy.Execute("DELETE FROM journal WHERE persistence_id = 'account-A' AND sequence_number = 2"));

        var (historyCode, history, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument, "--entity", "account-A");
        var (asOfCode, asOf, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument, "--as-of", journal.MidStory.ToString("O"), "--json");

        Assert.Equal(1, historyCode);
        Assert.Contains("sequence", history);
        Assert.Contains("rule violation(s) in the journal", history);
        Assert.Equal(1, asOfCode);
        using var report = JsonDocument.Parse(asOf);
        Assert.False(report.RootElement.GetProperty("journal").GetProperty("rulesHold").GetBoolean()
                     && report.RootElement.GetProperty("journal").GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_tag_index_that_lost_a_row_s_tag_exits_1_and_names_the_row_and_the_tag()
    {
        using var copy = Journal.Copy();
        var liquidation = Convert.ToInt64(await copy.ScalarAsync("SELECT MIN(ordering) FROM journal_tag WHERE tag = 'liquidation'"));
        Assert.Equal(1, copy.Execute($"DELETE FROM journal_tag WHERE tag = 'liquidation' AND ordering = {liquidation}"));

        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument);

        Assert.Equal(1, code);
        Assert.Contains("1 tag(s) of rows are missing", stdout);
        Assert.Contains($"#{liquidation} liquidation", stdout);
        // The books themselves hold: it is the followers' view of them that was changed.
        Assert.Contains("Every invariant holds", stdout);
    }

    [Fact]
    public async Task A_dropped_trigger_of_the_tag_index_exits_1_and_is_named()
    {
        using var copy = Journal.Copy();
        copy.Execute(DropTrigger("journal_tag_insert"));

        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument, "--json");

        Assert.Equal(1, code);
        using var report = JsonDocument.Parse(stdout);
        var index = report.RootElement.GetProperty("tagIndex");
        Assert.Equal(["journal_tag_insert"], index.GetProperty("missingTriggers").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(0, index.GetProperty("missing").GetInt64());
    }

    [Fact]
    public async Task The_tag_index_of_an_untouched_journal_is_reported_whole()
    {
        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", Journal.Argument);

        Assert.Equal(0, code);
        Assert.Contains("Tag index: it holds every tag of every row", stdout);
    }

    [Fact]
    public async Task A_forged_entry_of_the_tag_index_is_named_and_leaves_the_exit_code_to_the_books()
    {
        using var copy = Journal.Copy();
        // Far ahead of the journal: a follower from its tag's newest row would start past every row to come, were it believed.
        copy.Execute("INSERT INTO journal_tag (tag, ordering) VALUES ('price:ETH-USD', 900000000)");

        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument, "--json");

        Assert.Equal(0, code);
        using var report = JsonDocument.Parse(stdout);
        var index = report.RootElement.GetProperty("tagIndex");
        Assert.Equal(1, index.GetProperty("stale").GetInt64());
        Assert.Equal(["#900000000 price:ETH-USD"], index.GetProperty("firstStale").EnumerateArray().Select(t => t.GetString()));
    }

    /// <summary>The engine's statement that drops one of the journal's triggers.</summary>
    protected abstract string DropTrigger(string name);
}

public sealed class AuditCommandOnSqlite(SqliteAuditJournal journal) : AuditCommandSpecs<SqliteAuditJournal>(journal)
{
    protected override string DropTrigger(string name) => $"DROP TRIGGER {name}";

    /// <summary>A quorum of the oracle's sources reports the price: every price in the journal is one it accepted.</summary>
    private static void ReportPrice(InProcessExchange x, MarketId market, decimal price, DateTimeOffset at)
    {
        foreach (var source in LeverageActors.Messages.Oracles.OracleParameters.Default.Sources.Take(2))
            x.Send(new LeverageActors.Messages.Oracles.ReportPrice(market, source, price, at, at));
    }

    /// <summary>
    /// With every link stripped and an account's deposit edited, nothing in the journal told it from one
    /// written before chains: the audit said every chain was whole and exited 0 (found by a read-only
    /// review). Rows no link proves now fail the journal unless the auditor accepts them.
    /// </summary>
    [Fact]
    public async Task A_journal_stripped_of_its_links_is_not_proven_unless_the_auditor_accepts_rows_from_before_chains()
    {
        using var copy = Journal.Copy();
        Assert.True(copy.Execute("UPDATE journal SET tags = replace(tags, substr(tags, instr(tags, 'chain:'), 70), '') WHERE instr(tags, 'chain:') > 0") > 10);

        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument);
        var (accepted, acceptedOut, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument, "--accept-unchained", "--json");

        Assert.Equal(1, code);
        Assert.Contains("carry no link that proves them", stdout);
        Assert.DoesNotContain("Every chain is whole", stdout);
        Assert.Equal(0, accepted);
        using var report = JsonDocument.Parse(acceptedOut);
        Assert.True(report.RootElement.GetProperty("integrity").GetProperty("unchained").GetInt64() > 10);
        Assert.Equal(0, report.RootElement.GetProperty("integrity").GetProperty("unproven").GetInt64());
    }

    [Fact]
    public async Task A_row_whose_tags_were_edited_into_no_list_the_index_reads_is_named()
    {
        using var copy = Journal.Copy();
        var breach = Convert.ToInt64(await copy.ScalarAsync("SELECT MIN(ordering) FROM journal_tag WHERE tag = 'breach'"));
        // A control character: the index's triggers read the value as no list at all and index it under no tag.
        Assert.Equal(1, copy.Execute($"UPDATE journal SET tags = tags || char(7) || ';' WHERE ordering = {breach}"));

        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument, "--json");

        Assert.Equal(1, code);
        using var report = JsonDocument.Parse(stdout);
        var first = report.RootElement.GetProperty("tagIndex").GetProperty("first").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains($"#{breach} breach", first);
    }

    [Fact]
    public void A_replay_of_100000_events_finishes_with_balanced_books()
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var eth = MarketId.From("ETH-USD");
        var lp = AccountId.From("lp");
        x.Send(new OpenAccount(lp, RequestId.New(), t0));
        x.Send(new DepositFunds(lp, RequestId.New(), 100_000_000m, t0));
        ReportPrice(x, eth, 2_000m, t0);
        x.Send(new ProvideLiquidity(lp, RequestId.New(), eth, 100_000_000m, 2_000m, t0));
        for (var i = 0; x.Journal.Count < 100_000; i++)
        {
            var trader = AccountId.From($"t{i % 500}");
            var at = t0.AddMinutes(i);
            if (i < 500)
            {
                x.Send(new OpenAccount(trader, RequestId.New(), at));
                x.Send(new DepositFunds(trader, RequestId.New(), 100_000m, at));
            }

            var position = PositionId.From($"p{i}");
            ReportPrice(x, eth, 2_000m + i % 50, at);
            x.Send(new OpenPosition(position, trader, RequestId.New(), eth, i % 2 == 0 ? PositionSide.Long : PositionSide.Short, 100m, 5m, 2_000m + i % 50, at));
            ReportPrice(x, eth, 2_000m + i % 37, at.AddSeconds(30));
            x.Send(new ClosePosition(position, trader, RequestId.New(), 2_000m + i % 37, at.AddSeconds(30)));
        }

        var dir = Directory.CreateTempSubdirectory("leverage-audit-").FullName;
        try
        {
            var path = Path.Combine(dir, "big.db");
            LeverageActors.Actors.Persistence.JournalTableWriter.Write(path, x.Journal);
            var ledger = new AuditLedger(MarketCatalog.Default);
            foreach (var row in new SqliteJournalSource(path).Rows())
                ledger.Read(row);
            ledger.Finish();

            Assert.True(ledger.Totals().Events >= 100_000);
            Assert.Empty(ledger.Violations);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}

[Collection(PostgresCollection.Name)]
public sealed class AuditCommandOnPostgres(PostgresAuditJournal journal) : AuditCommandSpecs<PostgresAuditJournal>(journal)
{
    protected override string DropTrigger(string name) => $"DROP TRIGGER {name} ON journal";

    [Fact]
    public async Task A_disabled_trigger_of_the_tag_index_exits_1_and_is_named()
    {
        using var copy = Journal.Copy();
        copy.Execute("ALTER TABLE journal DISABLE TRIGGER journal_tag_delete");

        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument);

        Assert.Equal(1, code);
        Assert.Contains("journal_tag_delete are gone or disabled", stdout);
    }

    [Fact]
    public async Task A_role_that_may_not_read_the_tag_index_is_told_so_and_no_count_of_it_is_reported()
    {
        using var copy = Journal.Copy();
        var role = $"auditor_{Guid.NewGuid():N}";
        copy.Execute($"CREATE ROLE {role} LOGIN; GRANT SELECT ON journal, snapshot, journal_identity TO {role}");
        var asRole = new Npgsql.NpgsqlConnectionStringBuilder(copy.ConnectionString) { Username = role }.ToString();
        try
        {
            var (code, stdout, stderr) = await HostProcess.RunAsync("audit", "--db", asRole, "--json");

            Assert.True(code == 0, $"exit code {code}: {stderr}{stdout}");
            using var report = JsonDocument.Parse(stdout);
            var tagIndex = report.RootElement.GetProperty("tagIndex");
            Assert.False(tagIndex.GetProperty("readable").GetBoolean());
            Assert.False(tagIndex.TryGetProperty("missing", out _), "a count of what was not checked");
            Assert.False(tagIndex.TryGetProperty("stale", out _), "a count of what was not checked");
            var (_, text, _) = await HostProcess.RunAsync("audit", "--db", asRole);
            Assert.Contains("Tag index: not checked", text);
        }
        finally
        {
            copy.Execute($"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task The_report_names_the_database_without_its_password()
    {
        var withPassword = Journal.Argument + ";Password=never-printed";

        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", withPassword, "--json");

        Assert.Equal(0, code);
        using var report = JsonDocument.Parse(stdout);
        Assert.StartsWith("PostgreSQL postgres@127.0.0.1:", report.RootElement.GetProperty("journal").GetString());
        Assert.DoesNotContain("never-printed", stdout);
    }
}
