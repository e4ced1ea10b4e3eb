using System.Text;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Serialization;

/// <summary>
/// Price impact rides on existing events as optional fields, under their old manifests: with an
/// impact they round-trip, without one they are written exactly as before (so old rows and the
/// golden journal stay byte-identical).
/// </summary>
public sealed class PriceImpactSerializationSpecs
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PositionId Position = PositionId.From("p1");
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    private static readonly Settlement Settled = new(10_000m, 0m, 0m, 50m, 0m, 0m, 9_837.5m, 55m, 5m, 0m, 0m, 0m, 0m) { Impact = 112.5m };

    private static readonly LiquidityReserved Reserved =
        new(Eth, Position, PositionSide.Long, 50m, 2_000m, 9_950m, 100_000m, 50m, 5m, 1m, At) { Impact = 100m };

    public static TheoryData<string, object> Events() => new()
    {
        { "PV", Reserved },
        { "PV", Reserved with { Impact = -37.5m } },
        { "XO", new PositionOpened(Position, 9_950m, 1m, At) { Impact = -37.5m } },
        { "PS", new PositionSettled(Eth, Position, 1, 1m, 2_000m, Settled, At) },
        { "pvr", new LiquidityReservedReply(Eth, Position, 1m) { Impact = 100m } },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_event_with_an_impact_round_trips_under_its_manifest(string manifest, object evt)
    {
        var (written, bytes) = LeverageSerializer.Encode(evt);

        Assert.Equal(manifest, written);
        Assert.Equal(evt, LeverageSerializer.Decode(bytes, written));
        Assert.Contains("\"impact\"", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Without_an_impact_nothing_new_is_written()
    {
        Assert.DoesNotContain("impact", Encoded(Reserved with { Impact = 0m }), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("impact", Encoded(new PositionOpened(Position, 9_950m, 1m, At)), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("impact", Encoded(new PositionSettled(Eth, Position, 1, 1m, 2_000m, Settled with { Impact = 0m }, At)),
            StringComparison.OrdinalIgnoreCase);
    }

    private static string Encoded(object message) => Encoding.UTF8.GetString(LeverageSerializer.Encode(message).Bytes);
}
