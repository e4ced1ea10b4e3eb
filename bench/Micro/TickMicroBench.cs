using BenchmarkDotNet.Attributes;

namespace LeverageActors.Bench.Micro;

/// <summary>Which tick: one at which no threshold is crossed, or one that breaches 1% of the positions.</summary>
public enum TickPrice
{
    Calm,
    Crash,
}

/// <summary>
/// The tick benchmark under BenchmarkDotNet: the risk index's threshold book against the plain
/// array scan of the same positions (<see cref="TickFixture"/>), the baseline, in the same run.
/// </summary>
[MemoryDiagnoser]
public class TickMicroBench
{
    private TickFixture _fixture = null!;
    private decimal _price;

    [Params(10_000, 100_000)]
    public int Positions { get; set; }

    [Params(TickPrice.Calm, TickPrice.Crash)]
    public TickPrice Tick { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new TickFixture(Positions);
        _price = Tick == TickPrice.Calm ? _fixture.Calm : _fixture.Crash;
    }

    [Benchmark(Baseline = true, Description = "array scan")]
    public int ArrayScan() => _fixture.ScanBreaches(_price);

    [Benchmark(Description = "risk index")]
    public int RiskIndex() => _fixture.IndexCrossed(_price);
}
