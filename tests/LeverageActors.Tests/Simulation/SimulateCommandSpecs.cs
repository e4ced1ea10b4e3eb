using System.Text.Json;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Simulation;

/// <summary>The <c>simulate</c> verb through the real executable: its outputs and its exit codes.</summary>
public class SimulateCommandSpecs : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("simulate-specs-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string FileOf(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string SmallPath() => FileOf("path.csv", "timestamp,market,price\n" + string.Join("\n",
        Enumerable.Range(0, 60).Select(i => $"2026-01-01T{i / 6:00}:{i % 6 * 10:00}:00Z,ETH-USD,{2000 - (i < 30 ? i : 60 - i) * 15}")));

    private string SmallPopulation() => FileOf("population.json", """
        { "traders": 80, "leverage": { "min": 5, "max": 40 }, "collateral": { "min": 100, "max": 1000 },
          "entry": { "fromHours": 0, "toHours": 2 }, "providers": { "count": 2, "liquidity": 2000000, "withdraw": { "share": 0, "onDrawdown": 0.1, "fraction": 0.5 } } }
        """);

    private static bool IsPng(string path) => File.Exists(path) && File.ReadAllBytes(path).Take(4).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 });

    [Fact]
    public async Task With_no_arguments_it_simulates_the_bundled_crash_with_the_default_population()
    {
        var out_ = Path.Combine(AppContext.BaseDirectory, "simulation");
        if (Directory.Exists(out_))
            Directory.Delete(out_, recursive: true);

        var (code, stdout, stderr) = await HostProcess.RunAsync("simulate");

        Assert.True(code == 0, stderr);
        Assert.Contains("Simulation of ETH-USD on black-thursday.csv", stdout);
        Assert.Contains("10,000 / 10,000", stdout);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(out_, "summary.json"))).RootElement;
        Assert.True(summary.GetProperty("fullLiquidations").GetInt32() > 1_000);
        Assert.Equal(0, summary.GetProperty("invariantViolations").GetArrayLength());
        Assert.True(IsPng(Path.Combine(out_, "overview.png")));
    }

    [Fact]
    public async Task A_run_writes_its_summary_series_and_charts()
    {
        var out_ = Path.Combine(_dir.FullName, "out");
        var (code, stdout, stderr) = await HostProcess.RunAsync("simulate", "--prices", SmallPath(), "--population", SmallPopulation(),
            "--out", out_, "--seed", "3");

        Assert.True(code == 0, stderr);
        Assert.Contains("books", stdout);
        Assert.Contains("balance", stdout);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(out_, "summary.json"))).RootElement;
        Assert.Equal(80, summary.GetProperty("traders").GetInt32());
        Assert.Equal(3UL, summary.GetProperty("settings").GetProperty("seed").GetUInt64());
        var series = File.ReadAllLines(Path.Combine(out_, "series.csv"));
        Assert.StartsWith("time,market_price,oracle_price,", series[0]);
        Assert.True(series.Length > 60, $"{series.Length} rows");
        foreach (var chart in new[] { "price.png", "margin.png", "liquidations.png", "insurance.png", "overview.png" })
            Assert.True(IsPng(Path.Combine(out_, chart)), chart);
    }

    [Fact]
    public async Task A_sweep_writes_one_table_and_a_heatmap()
    {
        var out_ = Path.Combine(_dir.FullName, "sweep");
        var (code, stdout, stderr) = await HostProcess.RunAsync("simulate", "--prices", SmallPath(), "--population", SmallPopulation(),
            "--out", out_, "--sweep", "latency=0,600", "execution=oracle,market");

        Assert.True(code == 0, stderr);
        Assert.Contains("Sweep of 4 runs", stdout);
        var rows = File.ReadAllLines(Path.Combine(out_, "sweep.csv"));
        Assert.Equal(5, rows.Length);
        Assert.StartsWith("latency,execution,opened,", rows[0]);
        Assert.Equal(4, JsonDocument.Parse(File.ReadAllText(Path.Combine(out_, "sweep.json"))).RootElement.GetArrayLength());
        Assert.True(IsPng(Path.Combine(out_, "heatmap.png")));
    }

    [Fact]
    public async Task Compare_runs_the_three_designs_on_the_same_path()
    {
        var out_ = Path.Combine(_dir.FullName, "compare");
        var (code, stdout, stderr) = await HostProcess.RunAsync("simulate", "compare", "--prices", SmallPath(), "--population", SmallPopulation(), "--out", out_);

        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("dynamic: ", stdout);
        Assert.DoesNotContain("predictive: ", stdout);
        var rows = File.ReadAllLines(Path.Combine(out_, "compare.csv"));
        Assert.Equal(4, rows.Length);
        Assert.StartsWith("design,bad_debt,bad_debt_pct_peak_oi,liquidations,early_deleverages,warnings,early_deleveraged_notional,", rows[0]);
        Assert.StartsWith("fixed,", rows[1]);
        Assert.StartsWith("dynamic,", rows[2]);
        Assert.StartsWith("predictive,", rows[3]);
        // Every design ran and balanced its books; none is "not available".
        Assert.All(rows.Skip(1), row => Assert.EndsWith(",true,", row));
    }

    [Fact]
    public async Task Usage_errors_are_one_line_with_exit_code_2()
    {
        var path = SmallPath();
        var population = SmallPopulation();
        var badPrices = FileOf("bad.csv", "timestamp,market,price\n2026-01-01T00:00:00Z,ETH-USD,2000\n2026-01-01T00:01:00Z,ETH-USD,-5\n");
        var predictive = FileOf("predictive.json", """{ "Features": { "PredictiveDeleverage": true } }""");
        var unknown = FileOf("unknown.json", """{ "Oracle": { "LatencySecs": 5 } }""");
        // Each of these three ended in a stack trace (found by a read-only review).
        var endless = FileOf("endless.json", """{ "Oracle": { "LatencySeconds": 1e15 } }""");
        var outFile = FileOf("taken", "a file where the output directory would be");
        string[][] cases =
        [
            ["simulate", "--prices", badPrices, "--population", population],
            ["simulate", "--prices", path, "--population", population, "--params", predictive],
            ["simulate", "--prices", path, "--population", population, "--params", unknown],
            ["simulate", "--prices", path, "--population", population, "--sweep", "speed=1"],
            ["simulate", "compare", "--prices", path, "--population", population, "--designs", "fixed,clever"],
            ["simulate", "--prices", Path.Combine(_dir.FullName, "missing.csv")],
            ["simulate", "--prices", path, "--population", population, "--params", endless],
            ["simulate", "--prices", path, "--population", population, "--out", outFile],
            ["simulate", "--prices", path, "--population", population, "--data-dir", _dir.FullName],
        ];
        string[] expected =
        [
            "error: bad.csv:3: '-5' is not a positive price",
            "error: predictive deleverage needs dynamic margin (the volatility it measures in comes with it)",
            "error: unknown.json: unknown setting Oracle:LatencySecs",
            "error: --sweep speed=1: unknown parameter 'speed'",
            "error: --designs: unknown design 'clever'",
            "error: " + Path.Combine(_dir.FullName, "missing.csv") + ": no such file",
            "error: ",
            $"error: --out '{outFile}': cannot write there",
            "error: Unrecognized command or argument '--data-dir'",
        ];

        for (var i = 0; i < cases.Length; i++)
        {
            var (code, _, stderr) = await HostProcess.RunAsync(cases[i]);
            Assert.Equal(2, code);
            Assert.StartsWith(expected[i], stderr.Trim());
            Assert.Single(stderr.Trim().Split('\n'));
        }
    }
}
