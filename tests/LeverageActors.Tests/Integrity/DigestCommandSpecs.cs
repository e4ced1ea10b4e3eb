using System.Text.Json;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Integrity;

/// <summary><c>audit --verify-digest</c> as an auditor runs it on a SQLite file.</summary>
public sealed class DigestCommandSpecs(SqliteTamperJournal journal) : IClassFixture<SqliteTamperJournal>, IDisposable
{
    private readonly string _digestFile = Path.Combine(Directory.CreateTempSubdirectory("leverage-digest-").FullName, "digest.json");

    [Fact]
    public async Task The_journal_as_written_holds_exactly_the_digested_history_exit_0()
    {
        await File.WriteAllTextAsync(_digestFile, journal.FinalDigest);

        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", journal.Database.AuditArgument, "--verify-digest", _digestFile);

        Assert.Equal(0, code);
        Assert.Contains("Every chain is whole", stdout);
        Assert.DoesNotContain("changed", stdout);
    }

    [Fact]
    public async Task A_tampered_copy_exits_1_naming_the_first_broken_link()
    {
        await File.WriteAllTextAsync(_digestFile, journal.FinalDigest);
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        var deposit = t.Rows().Single(r => r.PersistenceId == "account-lp-ETH-USD" && r.Manifest == "AD");
        t.EditEvent(deposit.PersistenceId, deposit.SequenceNr, e => e["amount"] = 2_000_000m);

        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument, "--verify-digest", _digestFile, "--json");

        Assert.Equal(1, code);
        using var report = JsonDocument.Parse(stdout);
        var first = report.RootElement.GetProperty("integrity").GetProperty("firstBreak");
        Assert.Equal("account-lp-ETH-USD", first.GetProperty("entity").GetString());
        Assert.Equal(deposit.SequenceNr, first.GetProperty("sequence").GetInt64());
        Assert.Equal(64, first.GetProperty("expected").GetString()!.Length);
    }

    [Fact]
    public async Task A_deleted_tail_exits_1_against_the_digest_line()
    {
        var line = LeverageActors.Actors.Integrity.JournalDigest.Parse(journal.FinalDigest, out _)!.Line;
        using var copy = journal.Copy();
        var t = new Tampering(copy);
        t.Change($"DELETE FROM journal WHERE persistence_id = 'account-B' AND sequence_number = {t.Last("account-B")}");

        var (code, stdout, _) = await HostProcess.RunAsync("audit", "--db", copy.AuditArgument, "--verify-digest", line);

        Assert.Equal(1, code);
        Assert.Contains("The journal was changed", stdout);
    }

    [Fact]
    public async Task Something_that_is_not_a_digest_is_a_usage_error()
    {
        var (code, _, stderr) = await HostProcess.RunAsync("audit", "--db", journal.Database.AuditArgument, "--verify-digest", "not-a-digest");

        Assert.Equal(2, code);
        Assert.Contains("neither a digest file nor a digest line", stderr);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_digestFile)!, recursive: true);
}
