using System.Diagnostics;
using System.Text.Json;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Faults;

/// <summary>
/// The fault test (docs/FAULTS.md): three node processes on one PostgreSQL journal under load over
/// HTTP, a random node kill -9'd and restarted again and again; afterwards nothing acknowledged is
/// lost or doubled, no saga is left in flight, every breach is resolved, the audit is clean. Short
/// by default (at least 5 kills, about 3 minutes of load); <c>LEVERAGE_FAULT_MINUTES=N</c>
/// (or <c>tests/faults.sh --minutes N</c>) runs the load for N minutes.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultSpecs(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Traders = 6;
    private const int MinimumKills = 5;

    [Fact]
    public async Task Killing_nodes_under_load_loses_and_doubles_nothing()
    {
        var minutes = Environment.GetEnvironmentVariable("LEVERAGE_FAULT_MINUTES") is { Length: > 0 } given
            ? double.Parse(given, System.Globalization.CultureInfo.InvariantCulture)
            : 2.5;
        using var database = postgres.NewDatabase();
        await using var cluster = await FaultNodes.StartAsync(database.ConnectionString);
        try
        {
            await LoadKillAndCheck(cluster, database, minutes);
        }
        finally
        {
            // The nodes' own words, for a failure to be explained (TestResults/fault-node-N.log).
            foreach (var node in cluster.Nodes)
                await File.WriteAllLinesAsync(DashboardBrowser.ArtifactPath($"fault-{node.Name}.log"), node.Lines());
        }
    }

    private async Task LoadKillAndCheck(FaultNodes cluster, TestDatabase database, double minutes)
    {
        using var driver = new LoadDriver(cluster.Apis);
        await driver.Prepare(Traders);

        var clock = Stopwatch.StartNew();
        using var stopFeed = new CancellationTokenSource();
        using var stopTrading = new CancellationTokenSource();
        var feed = driver.Feed(shocks: true, stopFeed.Token);
        var trading = driver.Trade(stopTrading.Token);
        var killer = new Killer(cluster, driver, clock, seed: Environment.TickCount);
        try
        {
            await killer.Run(MinimumKills, TimeSpan.FromMinutes(minutes));
        }
        finally
        {
            stopTrading.Cancel();
            await trading;
        }

        var load = clock.Elapsed;
        stopFeed.Cancel();
        await feed;
        // Prices go on (without shocks), so liquidators can finish; then everything must settle.
        using var stopCalmFeed = new CancellationTokenSource();
        var calmFeed = driver.Feed(shocks: false, stopCalmFeed.Token);
        var drained = Stopwatch.StartNew();
        JournalCheck check;
        while (true)
        {
            check = JournalCheck.Read(database.Journal);
            if (check.SagasInFlight == 0 && check.OpenBreaches.Count == 0)
                break;
            Assert.True(drained.Elapsed < TimeSpan.FromMinutes(3),
                $"three minutes after the load: {check.SagasInFlight} saga(s) in flight ({string.Join("; ", check.Ledger.SagasInFlight())}), " +
                $"open breaches on {string.Join(", ", check.OpenBreaches)}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        stopCalmFeed.Cancel();
        await calmFeed;
        var settledAfter = drained.Elapsed;
        Assert.All(await cluster.StopAll(), code => Assert.Equal(0, code));

        check = JournalCheck.Read(database.Journal);
        Assert.True(check.Ledger.Violations.Count == 0, string.Join(Environment.NewLine, check.Ledger.Violations.Take(20)));
        var disagreements = check.AgainstSent(driver);
        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements.Take(30)));
        Assert.Equal(0, check.SagasInFlight);
        Assert.Empty(check.OpenBreaches);
        var totals = check.Ledger.Totals();
        Assert.True(killer.Kills.Count >= MinimumKills, $"{killer.Kills.Count} kills");
        Assert.True(totals.Liquidations > 0, "the price shocks breached positions and they were liquidated");
        Assert.Contains(driver.Opens, o => o.Outcome == Outcome.Acknowledged);
        Assert.Contains(driver.Closes, c => c.Outcome == Outcome.Acknowledged);

        // The operator's audit of the same journal, as the executable runs it.
        var (code, stdout, stderr) = await HostProcess.RunAsync("audit", "--db", database.ConnectionString, "--json");
        Assert.True(code == 0, $"audit exit code {code}: {stderr}{stdout[..Math.Min(stdout.Length, 4000)]}");
        using var audit = JsonDocument.Parse(stdout);
        Assert.True(audit.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(0, audit.RootElement.GetProperty("totals").GetProperty("sagasInFlight").GetInt32());

        var report = FaultReport.Write(load, killer.Kills, cluster.OwnExits, driver, totals, settledAfter, postgres.Server.Version.Split(" on ")[0]);
        await File.WriteAllTextAsync(DashboardBrowser.ArtifactPath("fault-report.md"), report);
        output.WriteLine(report);
    }
}

/// <summary>
/// The fault test has a PostgreSQL server of its own, so its minutes run beside the other
/// PostgreSQL specs instead of after them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Faults";
}
