using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>
/// The tick benchmark's positions twice over: in the risk index's book of liquidation thresholds,
/// and as plain arrays a loop can test row by row (the physical limit of detection). Seeded, so
/// the quick bench and BenchmarkDotNet measure the same positions.
/// </summary>
public sealed class TickFixture
{
    private readonly MarketParameters _parameters = new();
    private readonly MarketParameters _cautious;
    private readonly bool[] _long;
    private readonly decimal[] _quantity;
    private readonly decimal[] _entry;
    private readonly decimal[] _collateral;

    public TickFixture(int positions)
    {
        _cautious = _parameters with { MaintenanceMarginRate = _parameters.MaintenanceMarginRate * RiskThreshold.Cushion };
        var random = new Random(42);
        _long = new bool[positions];
        _quantity = new decimal[positions];
        _entry = new decimal[positions];
        _collateral = new decimal[positions];
        var longThresholds = new List<decimal>();
        for (var i = 0; i < positions; i++)
        {
            _long[i] = random.Next(2) == 0;
            // Healthy at the calm price: opened within ±0.5% of it.
            _entry[i] = 2_000m + random.Next(-10, 11);
            var leverage = 2 + random.Next(0, 48);
            _collateral[i] = 100m + random.Next(0, 10_000);
            _quantity[i] = _collateral[i] * leverage / _entry[i];
            var side = _long[i] ? PositionSide.Long : PositionSide.Short;
            var threshold = Actors.Positions.PositionMath.LiquidationPrice(side, _quantity[i], _entry[i], _collateral[i], 0, _cautious)!.Value;
            Book.Upsert(new RiskRow(PositionId.From($"p{i}"), side, threshold));
            if (_long[i])
                longThresholds.Add(threshold);
        }

        longThresholds.Sort();
        longThresholds.Reverse();
        Crash = longThresholds[Math.Max(0, positions / 100 - 1)];
    }

    public RiskBook Book { get; } = new();

    /// <summary>A price no position is breached at.</summary>
    public decimal Calm => 2_000m;

    /// <summary>A price that breaches 1% of the positions (longs).</summary>
    public decimal Crash { get; }

    /// <summary>The risk index's answer: the positions whose threshold the price crossed.</summary>
    public int IndexCrossed(decimal price) => Book.Crossed(price).Count();

    /// <summary>The baseline: the margin test itself on every row.</summary>
    public int ScanBreaches(decimal price)
    {
        var breached = 0;
        for (var i = 0; i < _long.Length; i++)
        {
            var pnl = _long[i] ? _quantity[i] * (price - _entry[i]) : _quantity[i] * (_entry[i] - price);
            var notional = _quantity[i] * price;
            if (_collateral[i] + pnl - notional * _parameters.CloseFeeRate < notional * _cautious.MaintenanceMarginRate)
                breached++;
        }

        return breached;
    }
}
