using System.Text.Json.Serialization;

namespace LeverageActors.Messages.Oracles;

/// <summary>
/// How a market's oracle turns source reports into a price (DESIGN §2): the median of at least
/// <c>Quorum</c> fresh reports, ignoring reports older than <c>StaleAfter</c> and sources further than
/// <c>MaxDeviation</c> from the median. A move above <c>BreakerMove</c> within <c>BreakerWindow</c> halts
/// new risk for <c>BreakerCooldown</c>. <c>Latency</c> delays publication, to simulate slow oracles.
/// </summary>
public sealed record OracleParameters(
    IReadOnlyList<string> Sources,
    int Quorum,
    TimeSpan StaleAfter,
    decimal MaxDeviation,
    decimal BreakerMove,
    TimeSpan BreakerWindow,
    TimeSpan BreakerCooldown,
    TimeSpan Latency)
{
    /// <summary>The market's volatility model; unset (and not written, so older records read alike) means the default EWMA.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VolatilityModel? Volatility { get; init; }

    public VolatilityModel VolatilityInForce() => Volatility ?? VolatilityModel.Default;

    /// <summary>The market's dynamic maintenance margin; unset (and not written) means the fixed rates of its parameters.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DynamicMargin? Margin { get; init; }

    /// <summary>
    /// Events between two checkpoints of the oracle's state (<see cref="OracleCheckpointed"/>); unset
    /// (and not written) means <see cref="DefaultCheckpointEvery"/>. A recovery replays at most this many.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CheckpointEvery { get; init; }

    /// <summary>About half an hour of three sources reporting every second.</summary>
    public const int DefaultCheckpointEvery = 10_000;

    public int CheckpointEveryInForce() => CheckpointEvery is { } every && every > 0 ? every : DefaultCheckpointEvery;

    public static OracleParameters Default { get; } = new(
        ["source-a", "source-b", "source-c"], 2, TimeSpan.FromSeconds(60), 0.02m, 0.15m,
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.Zero);
}
