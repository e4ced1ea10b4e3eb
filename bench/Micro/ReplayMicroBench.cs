using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Bench.Micro;

/// <summary>
/// The replay benchmark under BenchmarkDotNet, on a SQLite journal: the audit's replay against
/// reading and deserializing the same rows (<see cref="ReplayFixture"/>), the baseline, in the same run.
/// </summary>
[MemoryDiagnoser]
public class ReplayMicroBench
{
    private DirectoryInfo _directory = null!;
    private ReplayFixture _fixture = null!;

    [Params(5_000)]
    public int Trades { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("leverage-bench-micro-");
        _fixture = new ReplayFixture(new SqliteBenchDatabase(Path.Combine(_directory.FullName, "replay.db")), Trades);
        _fixture.AssertClean();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Benchmark(Baseline = true, Description = "read + deserialize")]
    public int ReadAndDecode() => _fixture.ReadAndDecode();

    [Benchmark(Description = "audit replay")]
    public int Audit() => _fixture.Audit();
}
