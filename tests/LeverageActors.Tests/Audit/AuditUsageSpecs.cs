using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>What <c>audit --db</c> says about a journal it cannot read: one line, exit code 2, never a password.</summary>
public class AuditUsageSpecs
{
    [Fact]
    public async Task A_missing_journal_is_one_line_and_exit_code_2()
    {
        var (code, _, stderr) = await HostProcess.RunAsync("audit", "--db", "/nonexistent/leverage.db");

        Assert.Equal(2, code);
        Assert.Contains("no journal", stderr);
    }

    /// <summary>
    /// The node's options were accepted by every verb and ignored: `audit --data-dir X` audited
    /// ./data's journal, not X's, and could exit 0 on it (found by a read-only review).
    /// </summary>
    [Fact]
    public async Task A_node_option_given_to_the_audit_is_refused_not_ignored()
    {
        var (code, _, stderr) = await HostProcess.RunAsync("audit", "--data-dir", "/nonexistent");

        Assert.Equal(2, code);
        Assert.Contains("Unrecognized command or argument '--data-dir'", stderr);
    }

    [Fact]
    public async Task Neither_a_file_nor_a_connection_string_is_one_line_naming_both_and_exit_code_2()
    {
        var (code, _, stderr) = await HostProcess.RunAsync("audit", "--db", "Server=db;Colour=blue;Password=never-printed");

        Assert.Equal(2, code);
        Assert.Contains("neither a SQLite file nor a PostgreSQL connection string", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("never-printed", stderr);
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_one_line_and_exit_code_2()
    {
        var (code, _, stderr) = await HostProcess.RunAsync("audit", "--db", "Host=127.0.0.1;Port=1;Database=leverage;Password=never-printed;Timeout=5");

        Assert.Equal(2, code);
        Assert.Contains("cannot read PostgreSQL 127.0.0.1:1/leverage", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("never-printed", stderr);
    }

    [Fact]
    public async Task The_audit_reads_the_nodes_market_configuration_and_a_bad_setting_is_one_line_and_exit_code_2()
    {
        var environment = new Dictionary<string, string> { ["LEVERAGE_Markets__ETH-USD__MaxLeverage"] = "0.5" };

        var (code, _, stderr) = await HostProcess.RunAsync(environment, "audit", "--db", "/nonexistent/leverage.db");

        Assert.Equal(2, code);
        Assert.Contains("Market ETH-USD: MaxLeverage must be above 1", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
