using System.Text;
using System.Text.Json;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Serialization;

/// <summary>
/// Next-price execution rides on existing commands and events as an optional execution record, under
/// their old manifests: with one they round-trip, without one they are written exactly as before (so
/// old rows and the golden journal stay byte-identical). The oracle's new messages have manifests of their own.
/// </summary>
public sealed class NextPriceSerializationSpecs
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PositionId Position = PositionId.From("p1");
    private static readonly AccountId Trader = AccountId.From("trader");
    private static readonly RequestId Request = RequestId.From("r1");
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly Messages.Common.Execution Executed = new(At, 41, 42);

    private static readonly PositionOpenRequested OpenRequested = new(Position, Trader, Request, Eth, PositionSide.Long, 1_000m, 10m, 2_010m, 4.975m,
        9_000m, 5m, new MarketParameters(), At);

    public static TheoryData<string, object> Messages() => new()
    {
        { "xo", new OpenPosition(Position, Trader, Request, Eth, PositionSide.Long, 1_000m, 10m, 2_010m, At) { Execution = Executed } },
        { "xrc", new RemoveCollateral(Position, Trader, Request, 100m, 2_010m, At) { Execution = Executed } },
        { "xd", new DecreasePosition(Position, Trader, Request, 0.5m, 2_010m, At) { Execution = Executed } },
        { "xc", new ClosePosition(Position, Trader, Request, 2_010m, At) { Execution = Executed } },
        { "apl", new ProvideLiquidity(Trader, Request, Eth, 1_000m, 2_010m, At) { Execution = Executed } },
        { "awl", new WithdrawLiquidity(Trader, Request, Eth, 10m, 2_010m, At) { Execution = Executed } },
        { "XOR", OpenRequested with { Execution = Executed } },
        { "XDR", new CollateralDecreaseRequested(Position, Request, 100m, 2_010m, At) { Execution = Executed } },
        { "XSR", new PositionSettlementRequested(Position, Request, 1, 1m, 2_010m, At) { Execution = Executed } },
        { "APS", new PoolDepositStarted(Trader, Request, Eth, 1_000m, 2_010m, At) { Execution = Executed } },
        { "AWS", new PoolWithdrawalStarted(Trader, Request, Eth, 10m, 2_010m, At) { Execution = Executed } },
        { "pa", new AddLiquidity(Eth, Trader, Request, 1_000m, 2_010m, At) { Execution = Executed } },
        { "pr", new RemoveLiquidity(Eth, Trader, Request, 10m, 2_010m, At) { Execution = Executed } },
        { "PA", new LiquidityAdded(Eth, Trader, Request, 1_000m, 990m, 2_010m, At, 0.5m) { Execution = Executed } },
        { "PR", new LiquidityRemoved(Eth, Trader, Request, 10m, 10.05m, 2_010m, At, 0.01m) { Execution = Executed } },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Each_message_with_an_execution_round_trips_under_its_manifest(string manifest, object message)
    {
        var (written, bytes) = LeverageSerializer.Encode(message);

        Assert.Equal(manifest, written);
        var copy = LeverageSerializer.Decode(bytes, written);
        Assert.Equal(JsonSerializer.Serialize(message, message.GetType(), LeverageJson.Options),
            JsonSerializer.Serialize(copy, copy.GetType(), LeverageJson.Options));
        Assert.Contains("\"execution\"", Encoding.UTF8.GetString(bytes));
        Assert.Contains("\"priceSequence\":42", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Without_an_execution_nothing_new_is_written()
    {
        Assert.DoesNotContain("execution", Encoded(OpenRequested), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("execution", Encoded(new PositionSettlementRequested(Position, Request, 1, 1m, 2_010m, At)), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("execution", Encoded(new PoolDepositStarted(Trader, Request, Eth, 1_000m, 2_010m, At)), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("execution", Encoded(new ClosePosition(Position, Trader, Request, 2_010m, At)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_oracles_next_price_messages_round_trip_under_their_own_manifests()
    {
        var margin = new MarginInForce(0.01m, 0.02m, 0.01m);
        foreach (var (manifest, message) in new (string, object)[]
                 {
                     ("onw", new AwaitNextPrice(Eth, At, At.AddSeconds(60))),
                     ("onp", new NextPrice(Eth, 2_010m, 42, At, 41, At, margin)),
                     ("onm", new NextPriceMissed(Eth, 41, At.AddSeconds(60))),
                     ("onq", new GetNextPriceQueue(Eth)),
                     ("onqr", new NextPriceQueue(Eth, 3)),
                 })
        {
            var (written, bytes) = LeverageSerializer.Encode(message);
            Assert.Equal(manifest, written);
            Assert.Equal(message, LeverageSerializer.Decode(bytes, written));
        }

        // The execution a price gives is derived, not written.
        Assert.DoesNotContain("execution", Encoded(new NextPrice(Eth, 2_010m, 42, At, 41, At)), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(new Messages.Common.Execution(At, 41, 42), new NextPrice(Eth, 2_010m, 42, At, 41, At).Execution);
    }

    private static string Encoded(object message) => Encoding.UTF8.GetString(LeverageSerializer.Encode(message).Bytes);
}
