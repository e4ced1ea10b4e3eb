using System.Runtime.InteropServices;
using LeverageActors.Bench;

// dotnet run -c Release --project bench [-- --quick]
var quick = args.Contains("--quick");
var directory = Directory.CreateTempSubdirectory("leverage-bench-").FullName;
Console.WriteLine($"LeverageActors benchmarks ({(quick ? "quick" : "full")}) on {Environment.ProcessorCount} cores, " +
                  $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
var results = new List<Result>();
try
{
    foreach (var n in quick ? new[] { 10_000, 100_000 } : new[] { 10_000, 100_000, 1_000_000 })
        results.AddRange(TickBench.Run(n, quick ? 5 : 9));
    results.AddRange(ReplayBench.Run(directory, quick ? 5_000 : 20_000, quick ? 3 : 5));
    results.AddRange(MemoryBench.Run(quick ? 5_000 : 50_000));
    results.AddRange(await NodeBench.Opens(directory, quick ? 500 : 2_000));
    results.AddRange(await NodeBench.StartupAndBurst(directory, quick ? 1_000 : 10_000));
}
finally
{
    Report.Print(results);
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(directory, recursive: true);
}
