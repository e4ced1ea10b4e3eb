using LeverageActors.Actors.Common;
using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Risk;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// The risk index keeps its rows before the requirement and moves them by one divisor per book on a
/// <c>MarginRequirementChanged</c> (<see cref="ScaledRiskBook"/>). Against the brute force it
/// replaced (every row computed again with <see cref="RiskThreshold.For(RiskPosition, decimal, decimal?)"/>,
/// warning rows ×/÷ e^(kσ√h)), a tick must find exactly the same positions in the same order, also
/// on prices set exactly at a row and one unit of the 10th decimal place either side of it.
/// </summary>
public sealed class RiskRescaleSpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Horizon = TimeSpan.FromSeconds(60);

    /// <summary>Positions opened under different terms: each pair is its own book in the index (one book per side is the common case, reported without computing thresholds).</summary>
    private static readonly MarketParameters[] Terms =
    [
        new(),
        new(MaintenanceMarginRate: 0.02m, CloseFeeRate: 0.001m),
        new(MaintenanceMarginRate: 0.045m),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_row_before_the_requirement_gives_the_threshold_computed_on_its_own_to_the_last_digit(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 2_000; i++)
        {
            var position = Open(random, PositionId.From($"p{i}"), out _) with { Status = PositionStatus.Open };
            var index = 1m + random.Next(0, 50_000) / 1_000_000m;
            decimal? required = random.Next(4) == 0 ? null : Requirement(random);
            var expected = RiskThreshold.For(position, index, required)?.Threshold;

            Assert.Equal(expected, RiskThreshold.Base(position, index)?.ThresholdAt(required));
        }
    }

    [Theory]
    [InlineData(1, 2.0, 3)]
    [InlineData(2, 2.0, 3)]
    [InlineData(3, 1.5, 3)]
    [InlineData(4, null, 3)]
    [InlineData(5, 2.0, 1)]
    [InlineData(6, null, 1)]
    public void Random_positions_requirements_and_ticks_find_exactly_the_positions_a_brute_force_recompute_finds(int seed, double? level, int terms)
    {
        var random = new Random(seed);
        var warningLevel = level is { } l ? (decimal)l : (decimal?)null;
        var index = new SimulatedRiskIndex(warningLevel);
        var truth = new BruteForce(warningLevel);
        var sequence = 0L;
        var opened = 0;
        var ticks = 0;
        var found = 0;

        void Observe(Messages.ILeverageEvent evt)
        {
            truth.Observe(evt);
            index.Observe(evt, []);
        }

        for (var step = 0; step < 3_000; step++)
        {
            var roll = random.Next(100);
            var open = truth.Open.Where(p => p.Status == PositionStatus.Open).ToList();
            if (roll < 35 || open.Count < 5)
            {
                var id = PositionId.From($"p{opened++}");
                var position = Open(random, id, out var requested, terms);
                Observe(requested);
                Observe(new PositionOpened(id, position.Collateral, 1m - random.Next(0, 20_000) / 1_000_000m, At));
            }
            else if (roll < 45)
            {
                var p = open[random.Next(open.Count)];
                Observe(random.Next(2) == 0
                    ? new CollateralIncreased(p.Id, TransferId.From("t"), random.Next(1, 500), At)
                    : new CollateralDecreased(p.Id, TransferId.From("t"), Math.Min(p.Collateral / 2, random.Next(1, 500)), 1m, At));
            }
            else if (roll < 50)
                Observe(new PositionOpenFailed(open[random.Next(open.Count)].Id, new Rejection("test", "gone"), At));
            else if (roll < 55 && warningLevel is not null)
            {
                var p = open[random.Next(open.Count)];
                Observe(random.Next(2) == 0
                    ? new PositionAtRisk(p.Id, Eth, 1m, warningLevel.Value, 2_000m, 1m, 1_900m, 0.01m, 0.001m, Horizon, sequence, At)
                    : new PositionRiskCleared(p.Id, Eth, 3m, 2_000m, sequence, At));
            }
            else if (roll < 70)
            {
                var maintenance = random.Next(3) == 0 ? Terms[random.Next(Terms.Length)].MaintenanceMarginRate : Requirement(random);
                var sigma = random.Next(1, 3_000) / 1_000_000m;
                Observe(new MarginRequirementChanged(Eth, maintenance, maintenance * 2, 0.01m, 0.02m, sigma, Horizon, At, ++sequence, At));
            }
            else
            {
                var price = Price(random, truth);
                var send = new List<object>();
                index.OnTick(new PriceUpdated(Eth, price, At, ++sequence), send);
                var reported = send.Cast<CheckMargin>().Select(c => c.PositionId).ToList();
                var (ordered, warned) = truth.Crossed(price);

                Assert.Equal(ordered, reported.Take(ordered.Count).ToList());
                Assert.Equal(warned.Except(ordered).ToHashSet(), reported.Skip(ordered.Count).ToHashSet());
                Assert.Equal(reported.Count, reported.Distinct().Count());
                ticks++;
                found += reported.Count;
            }
        }

        Assert.True(ticks > 500 && found > 500, $"{ticks} ticks found {found}: the prices must reach rows");
    }

    private static decimal Requirement(Random random) => random.Next(5_000, 60_000) / 1_000_000m;

    private static RiskPosition Open(Random random, PositionId id, out PositionOpenRequested requested, int kinds = 3)
    {
        var terms = Terms[random.Next(kinds)];
        var side = random.Next(2) == 0 ? PositionSide.Long : PositionSide.Short;
        var entry = 2_000m + random.Next(-500, 501) / 7m;
        var leverage = 2 + random.Next(0, 19);
        var collateral = 100m + random.Next(0, 10_000) / 3m;
        var quantity = collateral * leverage / entry;
        requested = new PositionOpenRequested(id, AccountId.From("t"), RequestId.From($"r-{id.Value}"), Eth, side, collateral, leverage, entry,
            quantity, collateral * leverage, collateral * leverage * 0.0005m, terms, At);
        return RiskPosition.Requested(requested, terms);
    }

    /// <summary>Near the rows, often exactly at one or a unit of the 10th place either side of it.</summary>
    private static decimal Price(Random random, BruteForce truth)
    {
        var rows = truth.Rows().ToList();
        if (rows.Count == 0 || random.Next(5) == 0)
            return 1_700m + random.Next(0, 600);
        var row = rows[random.Next(rows.Count)];
        return row + random.Next(-1, 2) * 0.000_000_000_1m;
    }

    /// <summary>The index as it was: every row computed again from the positions at each tick.</summary>
    private sealed class BruteForce(decimal? level)
    {
        private readonly WatchedPositions _open = new();
        private readonly HashSet<PositionId> _warned = [];
        private decimal? _required;
        private decimal _growth;

        public IEnumerable<RiskPosition> Open => _open.All;

        public void Observe(Messages.ILeverageEvent evt)
        {
            switch (evt)
            {
                case IPositionEvent e when _open.Apply(e) is { } position:
                    if (!position.IsLive || e is PositionRiskCleared)
                        _warned.Remove(e.PositionId);
                    else if (e is PositionAtRisk)
                        _warned.Add(e.PositionId);
                    break;
                case MarginRequirementChanged e:
                    _required = e.Maintenance;
                    if (level is { } k)
                        _growth = DecimalMath.Exp(k * RiskDistance.Move(new RiskScale(e.Sigma, e.Horizon)));
                    break;
            }
        }

        public IEnumerable<decimal> Rows() =>
            _open.All.Select(p => (p, RiskThreshold.For(p, 1m, _required))).Where(r => r.Item2 is not null)
                .SelectMany(r => _growth > 1 ? new[] { r.Item2!.Value.Threshold, Warning(r.Item2.Value) } : new[] { r.Item2!.Value.Threshold });

        public (List<PositionId> Ordered, HashSet<PositionId> Warned) Crossed(decimal price)
        {
            var rows = _open.All.Select(p => RiskThreshold.For(p, 1m, _required)).OfType<RiskRow>().ToList();
            var crossed = Reached(rows, price);
            if (level is null)
                return (crossed, []);
            var warning = _growth > 1 ? Reached(rows.Select(r => r with { Threshold = Warning(r) }).ToList(), price) : [];
            return (crossed.Union(warning).ToList(), _warned.Where(id => _open.All.Any(p => p.Id == id)).ToHashSet());
        }

        private decimal Warning(RiskRow row) => row.Side == PositionSide.Long ? row.Threshold * _growth : row.Threshold / _growth;

        /// <summary>Longs then shorts, each by threshold then id, as a RiskBook per side reports them.</summary>
        private static List<PositionId> Reached(List<RiskRow> rows, decimal price) =>
            rows.Where(r => r.Side == PositionSide.Long && price <= r.Threshold).OrderBy(r => r.Threshold).ThenBy(r => r.Id.Value, StringComparer.Ordinal)
                .Concat(rows.Where(r => r.Side == PositionSide.Short && price >= r.Threshold).OrderBy(r => r.Threshold)
                    .ThenBy(r => r.Id.Value, StringComparer.Ordinal))
                .Select(r => r.Id).ToList();
    }
}
