using System.Text;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Serialization;

/// <summary>
/// A next-price trigger's crossing rides on the order and on its execution as an optional field,
/// under their old manifests: with a crossing they round-trip, without one they are written exactly
/// as before (so old rows and the golden journal stay byte-identical).
/// </summary>
public sealed class TriggerCrossingSerializationSpecs
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PositionId Position = PositionId.From("p1");
    private static readonly TriggerCrossing Crossed = new(1_940m, 7);

    public static TheoryData<string, object> Messages() => new()
    {
        { "xte", new ExecuteTrigger(Position, 1, 1_930m, 8, At, At) { Crossing = Crossed } },
        { "XTE", new TriggerExecuted(Position, 1, 1, 1_930m, 8, At, At) { Crossing = Crossed } },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Each_with_a_crossing_round_trips_under_its_manifest(string manifest, object message)
    {
        var (written, bytes) = LeverageSerializer.Encode(message);

        Assert.Equal(manifest, written);
        Assert.Equal(message, LeverageSerializer.Decode(bytes, written));
        Assert.Contains("\"crossing\":{\"price\":1940,\"sequence\":7}", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Without_a_crossing_nothing_new_is_written()
    {
        Assert.Equal("""{"positionId":"p1","trigger":1,"number":1,"price":1930,"priceSequence":8,"priceAt":"2026-01-01T00:00:00+00:00","at":"2026-01-01T00:00:00+00:00"}""",
            Encoded(new TriggerExecuted(Position, 1, 1, 1_930m, 8, At, At)));
        Assert.DoesNotContain("crossing", Encoded(new ExecuteTrigger(Position, 1, 1_930m, 8, At, At)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_execution_marked_as_settling_at_least_the_minimum_round_trips_with_the_mark()
    {
        var marked = new TriggerExecuted(Position, 1, 1, 1_930m, 8, At, At) { Crossing = Crossed, SettlesAtLeastMinimum = true };
        var (manifest, bytes) = LeverageSerializer.Encode(marked);

        Assert.Equal(marked, LeverageSerializer.Decode(bytes, manifest));
        Assert.EndsWith("\"settlesAtLeastMinimum\":true}", Encoding.UTF8.GetString(bytes));
    }

    private static string Encoded(object message) => Encoding.UTF8.GetString(LeverageSerializer.Encode(message).Bytes);
}
