using System.Text;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// The events of a cross liquidation and of a shortfall cover, with realistic values, round-trip under
/// their manifests; the settlement's new <c>Cross</c> flag is left out when false, so every row
/// written before it reads and writes byte for byte as it did.
/// </summary>
public sealed class CrossLiquidationSerializationSpecs
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PositionId Position = PositionId.From("p1");
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    private static readonly Settlement Settled = new(4_524.75m, -500m, 0m, 2.25m, 22.5m, 11.25m, 4_000m, 502.25m - 0.225m, 0.225m, 11.25m, 0m, 0m, 0m);

    public static TheoryData<string, object> Events() => new()
    {
        { "XCS", new CrossLiquidationStarted(Position, AccountId.From("trader"), 3, TransferId.From("trader.l3"), 2, 0.4m,
            new MarketMark(Eth, 1_800m, 17, 1.0123456789m), AccountId.From("keeper"), At) },
        { "XCL", new CrossPositionLiquidated(Position, 3, TransferId.From("trader.l3"), 2, Settled, TransferId.Of(Position, 5), At) },
        { "PSC", new AccountShortfallPaid(Eth, AccountId.From("trader"), TransferId.From("trader.s1"), 20m, 11.25m, 8.75m, At) },
        { "PS", new PositionSettled(Eth, Position, 2, 0.4m, 1_800m, Settled, At, Liquidation: true) { Cross = true } },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_event_round_trips_under_its_manifest(string manifest, object evt)
    {
        var (written, bytes) = LeverageSerializer.Encode(evt);

        Assert.Equal(manifest, written);
        Assert.Equal(evt, LeverageSerializer.Decode(bytes, written));
    }

    [Fact]
    public void A_settlement_that_is_no_cross_liquidation_is_written_without_the_flag()
    {
        var isolated = new PositionSettled(Eth, Position, 2, 0.4m, 1_800m, Settled, At, Liquidation: true);
        var order = new SettlePosition(Eth, Position, 2, 0.4m, 100m, 1_800m, true, At);

        Assert.DoesNotContain("\"cross\"", Encoded(isolated));
        Assert.DoesNotContain("\"cross\"", Encoded(order));
        Assert.Contains("\"cross\":true", Encoded(isolated with { Cross = true }));
        Assert.True(((SettlePosition)LeverageSerializer.Decode(LeverageSerializer.Encode(order with { Cross = true }).Bytes, "pst")).Cross);
    }

    private static string Encoded(object message) => Encoding.UTF8.GetString(LeverageSerializer.Encode(message).Bytes);
}
