using System.Collections.Immutable;
using System.Security.Cryptography;
using LeverageActors.Actors.Oracles.Margin;
using LeverageActors.Actors.Oracles.Volatility;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Actors.Oracles;

/// <summary>
/// An oracle writes every source's report and every price it accepts: three sources a second are
/// about 520,000 events a day, and a recovery that replays them all took 13 s per day of history
/// (docs/BENCHMARKS.md, "A day of prices"), during which the market has no price and no
/// liquidation. So every <see cref="OracleParameters.CheckpointEveryInForce"/> events the oracle
/// records a checkpoint: the hash of its state, whose snapshot the node saves beside the journal
/// and recovers from. The journal stays the truth: a snapshot is used only if it hashes to the
/// checkpoint that follows it, and the audit recomputes every checkpoint from its own replay.
/// </summary>
public static class OracleCheckpoints
{
    /// <summary>The checkpoint <paramref name="state"/> is due, or null.</summary>
    public static OracleCheckpointed? Due(OracleState state, DateTimeOffset at) =>
        state.Parameters is { } p && state.SinceCheckpoint >= p.CheckpointEveryInForce()
            ? new OracleCheckpointed(state.Market, Hash(state), at)
            : null;

    /// <summary>SHA-256 of the state's snapshot without its chain link, lowercase hex.</summary>
    public static string Hash(OracleState state)
    {
        var (_, bytes) = LeverageSerializer.Encode(Snapshot(state, chainHead: null));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public static OracleSnapshot Snapshot(OracleState state, string? chainHead) => new(
        state.Market,
        state.Parameters,
        [.. state.Latest.Values.OrderBy(r => r.Source, StringComparer.Ordinal)],
        state.Price,
        state.PriceAt,
        state.Sequence,
        [.. state.Recent],
        state.HaltedUntil,
        state.HaltDeliveredUntil,
        state.HaltSince,
        state.Volatility.LastPrice,
        state.Volatility.LastAt,
        state.Volatility.Variance,
        state.Volatility.Samples,
        state.RecordedVolatility,
        state.Margin.Last,
        [.. state.Margin.InGrace],
        state.SinceCheckpoint,
        chainHead);

    /// <summary>The state a snapshot holds, with the parameters the node is configured with now.</summary>
    public static OracleState Restore(OracleSnapshot s, OracleParameters? configured) =>
        OracleState.Initial(s.Market, configured) with
        {
            Parameters = s.Parameters,
            Latest = s.Latest.ToImmutableDictionary(r => r.Source),
            Price = s.Price,
            PriceAt = s.PriceAt,
            Sequence = s.Sequence,
            Recent = [.. s.Recent],
            HaltedUntil = s.HaltedUntil,
            HaltDeliveredUntil = s.HaltDeliveredUntil,
            HaltSince = s.HaltSince,
            Volatility = new VolatilityTracker(s.VolatilityLastPrice, s.VolatilityLastAt, s.Variance, s.VolatilitySamples),
            RecordedVolatility = s.RecordedVolatility,
            Margin = new MarginSchedule(s.MarginLast, [.. s.MarginInGrace]),
            SinceCheckpoint = s.SinceCheckpoint,
        };
}
