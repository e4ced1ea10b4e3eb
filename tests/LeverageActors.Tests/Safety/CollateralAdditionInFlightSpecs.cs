using Akka.Actor;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// An attacker's review: an addition of collateral needs no price and costs nothing when the account
/// refuses it, and a close, a decrease or a removal arriving while one was in flight was refused
/// request-in-progress, recording nothing. A trader sending additions could so drop a close waiting
/// for its price once the price was known to be bad (THREATS 1), and keep the deleverager, triggers
/// and liquidators off the position. Such commands now wait for the addition's answer.
/// </summary>
public sealed class CollateralAdditionInFlightSpecs : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(_database);

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _database.Dispose();
    }

    /// <summary>A pool of 100,000 and a trader's 5x long of 500 at 2,000, 500 of the trader's 1,000 left free.</summary>
    private async Task<(ApiTrader Lp, ApiTrader Trader, PositionId Position)> Long()
    {
        await _node.OperatorReports("ETH-USD", 2_000m);
        var lp = await _node.NewTrader(deposit: 100_000m);
        await lp.Provides("ETH-USD", 100_000m);
        var trader = await _node.NewTrader(deposit: 1_000m);
        return (lp, trader, PositionId.From(await trader.Opens("ETH-USD", "long", 500m, 5m)));
    }

    [Fact]
    public async Task A_close_arriving_behind_an_addition_the_account_refuses_is_carried_out_not_refused()
    {
        var (lp, trader, position) = await Long();

        // The addition is still waiting for the account's refusal when the close reaches the position.
        _node.Positions.Tell(new AddCollateral(position, trader.Id, RequestId.From("unfunded-top-up"), 1_000_000m, DateTimeOffset.UtcNow));
        var closed = await _node.Positions.Ask<object>(new ClosePosition(position, trader.Id, RequestId.From("close"), 2_000m, DateTimeOffset.UtcNow),
            TestNode.Timeout);

        var accepted = Assert.IsType<PositionCommandAccepted>(closed);
        Assert.Equal(PositionStatus.Closed, accepted.Position.Status);
        var topUp = await _node.Positions.Ask<object>(new AddCollateral(position, trader.Id, RequestId.From("unfunded-top-up"), 1_000_000m,
            DateTimeOffset.UtcNow), TestNode.Timeout);
        Assert.Equal("insufficient-balance", Assert.IsType<PositionCommandRejected>(topUp).Reason.Code);
        await _node.BooksBalance([lp, trader]);
    }

    /// <summary>
    /// A review: the wait had no end, so an account the trader made slow to answer (asleep, with a long
    /// journal to recover) held off every liquidation of the position for as long as it took. A message
    /// made more than five seconds after the addition (times carried in the messages, as the position
    /// sees them) fails the addition first, and is then handled.
    /// </summary>
    [Fact]
    public async Task A_message_that_waited_past_the_patience_fails_the_addition_and_is_carried_out()
    {
        var (lp, trader, position) = await Long();
        var added = DateTimeOffset.UtcNow;

        _node.Positions.Tell(new AddCollateral(position, trader.Id, RequestId.From("top-up"), 100m, added));
        var closed = await _node.Positions.Ask<object>(new ClosePosition(position, trader.Id, RequestId.From("close"), 2_000m, added.AddSeconds(6)),
            TestNode.Timeout);

        Assert.Equal(PositionStatus.Closed, Assert.IsType<PositionCommandAccepted>(closed).Position.Status);
        var topUp = await _node.Positions.Ask<object>(new AddCollateral(position, trader.Id, RequestId.From("top-up"), 100m, added), TestNode.Timeout);
        Assert.Equal("addition-timed-out", Assert.IsType<PositionCommandRejected>(topUp).Reason.Code);
        await _node.BooksBalance([lp, trader]);
    }
}
