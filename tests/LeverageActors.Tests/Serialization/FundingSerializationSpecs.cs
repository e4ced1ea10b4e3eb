using System.Text;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Serialization;

/// <summary>
/// Funding rides on existing events as optional fields, under their old manifests: with a funding
/// index or amount they round-trip, without one they are written exactly as before (so old rows
/// and the golden journal stay byte-identical).
/// </summary>
public sealed class FundingSerializationSpecs
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PositionId Position = PositionId.From("p1");
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    private static readonly Settlement Settled =
        new(10_000m, 0m, 0m, 50m, 0m, 0m, 9_922.086153m, 27.913847m + 45m, 5m, 0m, 0m, 0m, 0m) { Funding = 27.913847m };

    private static readonly LiquidityReserved Reserved =
        new(Eth, Position, PositionSide.Short, 50m, 2_000m, 9_950m, 100_000m, 50m, 5m, 1m, At) { FundingIndex = -0.0015507692307692307692307692m };

    public static TheoryData<string, object> Events() => new()
    {
        { "PV", Reserved },
        { "XO", new PositionOpened(Position, 9_950m, 1m, At) { FundingIndex = 0.000018m } },
        { "PS", new PositionSettled(Eth, Position, 1, 1m, 2_000m, Settled, At) },
        { "PS", new PositionSettled(Eth, Position, 1, 1m, 2_000m, Settled with { Funding = 5m, UnpaidFunding = 15m, Shortfall = 15m }, At) },
        { "PS", new PositionSettled(Eth, Position, 1, 1m, 2_000m, Settled with { Funding = -46.523076m }, At) },
        { "pvr", new LiquidityReservedReply(Eth, Position, 1m) { FundingIndex = 0.000018m } },
        { "PO", new PoolOpened(Eth, new MarketParameters { FundingFactor = 0.00000001m, FundingExponent = 1.5m }, At) },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_event_with_funding_round_trips_under_its_manifest(string manifest, object evt)
    {
        var (written, bytes) = LeverageSerializer.Encode(evt);

        Assert.Equal(manifest, written);
        Assert.Equal(evt, LeverageSerializer.Decode(bytes, written));
        Assert.Contains("funding", Encoding.UTF8.GetString(bytes), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Without_funding_nothing_new_is_written()
    {
        Assert.DoesNotContain("funding", Encoded(Reserved with { FundingIndex = 0m }), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("funding", Encoded(new PositionOpened(Position, 9_950m, 1m, At)), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("funding", Encoded(new PositionSettled(Eth, Position, 1, 1m, 2_000m, Settled with { Funding = 0m }, At)),
            StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("funding", Encoded(new PoolOpened(Eth, new MarketParameters(), At)), StringComparison.OrdinalIgnoreCase);
    }

    private static string Encoded(object message) => Encoding.UTF8.GetString(LeverageSerializer.Encode(message).Bytes);
}
