using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Serialization;

/// <summary>
/// An addition of collateral or an open carries the marks the account values itself at from the API
/// to the position, and the position's request keeps them in memory only: the journal never holds
/// them, so a lock or cross admission asked again after a restart is never decided at old prices.
/// </summary>
public sealed class RequestMarksSerializationSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
    private static readonly PositionId Position = PositionId.From("p1");
    private static readonly MarketMark[] Marks = [new MarketMark(MarketId.From("ETH-USD"), 2_000m, 7, 1.01m)];

    [Fact]
    public void The_command_carries_the_marks_between_nodes()
    {
        var add = new AddCollateral(Position, AccountId.From("a1"), RequestId.From("r1"), 10m, T0) { Marks = Marks };

        var (written, bytes) = LeverageSerializer.Encode(add);
        Assert.Equal(Marks, ((AddCollateral)LeverageSerializer.Decode(bytes, written)).Marks);
    }

    [Fact]
    public void The_recorded_request_never_writes_them()
    {
        var requested = new CollateralIncreaseRequested(Position, RequestId.From("r1"), TransferId.Of(Position, 2), 10m, T0) { Marks = Marks };

        var (written, bytes) = LeverageSerializer.Encode(requested);
        var read = (CollateralIncreaseRequested)LeverageSerializer.Decode(bytes, written);
        Assert.Null(read.Marks);
        Assert.Equal(requested with { Marks = null }, read);
    }

    [Fact]
    public void The_recorded_open_never_writes_them()
    {
        var requested = new PositionOpenRequested(Position, AccountId.From("a1"), RequestId.From("r1"), MarketId.From("ETH-USD"), PositionSide.Long,
            1_000m, 10m, 2_000m, 5m, 10_000m, 5m, new MarketParameters(), T0) { Cross = true, Marks = Marks };

        var (written, bytes) = LeverageSerializer.Encode(requested);
        var read = (PositionOpenRequested)LeverageSerializer.Decode(bytes, written);
        Assert.Null(read.Marks);
        Assert.Equal(requested with { Marks = null }, read);
    }

    [Fact]
    public void Opens_a_journal_recorded_with_their_marks_are_read_without_them()
    {
        var written = File.ReadAllText(Path.Combine(Golden.GoldenJournalFile.Directory, Golden.GoldenJournalFile.SecondJournalName));
        var opens = Golden.GoldenJournalFile.Events(written).Select(e => e.Event).OfType<PositionOpenRequested>().ToList();

        Assert.Contains(written.Split('\n'), line => line.Contains("\"cross\":true,\"marks\":["));
        Assert.Contains(opens, o => o.Cross);
        Assert.All(opens, o => Assert.Null(o.Marks));
    }
}
