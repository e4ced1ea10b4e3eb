using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Accounts.Operations;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Accounts;

/// <summary>
/// An account's operations driven by hand: a pool request is sent until the pool answers and the
/// answer becomes the event that ends it; a hold waits for its position to commit or release it.
/// </summary>
public class AccountOperationSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AccountId A = AccountId.From("a");
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly PositionId P = PositionId.From("p");

    private static AccountState Step(AccountState state, object message)
    {
        var handling = state.Handle(message);
        Assert.NotEmpty(handling.Events);
        return handling.Events.Aggregate(state, (s, e) => s.Apply(e));
    }

    private static AccountState Funded() =>
        Step(Step(AccountState.Initial(A), new OpenAccount(A, RequestId.From("o"), T0)), new DepositFunds(A, RequestId.From("d"), 1_000m, T0));

    [Fact]
    public void Pool_requests_are_sent_deposits_first_until_the_pool_answers_each()
    {
        var s = Step(Funded(), new WithdrawLiquidity(A, RequestId.From("w"), Eth, 10m, 2_000m, T0));
        s = Step(s, new ProvideLiquidity(A, RequestId.From("x"), Eth, 300m, 2_000m, T0));

        Assert.Collection(s.Outbox, m => Assert.IsType<AddLiquidity>(m), m => Assert.IsType<RemoveLiquidity>(m));
        Assert.Equal((700m, 300m), (s.FreeBalance, s.InTransitToPools));

        s = Step(s, new LiquidityRequestRejected(Eth, A, RequestId.From("x"), new Rejection(RejectionCodes.MarketHalted, "halted")));
        Assert.Equal((1_000m, 0m), (s.FreeBalance, s.InTransitToPools));
        Assert.IsType<AccountCommandRejected>(s.ReplyFor(RequestId.From("x")));

        s = Step(s, new LiquidityRemovedReply(Eth, A, RequestId.From("w"), 10m, 25m));
        Assert.Empty(s.PoolRequests);
        Assert.Empty(s.Outbox);
        Assert.Equal(1_025m, s.FreeBalance);
    }

    [Fact]
    public void A_hold_lists_its_position_at_the_open_and_ends_when_the_position_commits_it()
    {
        var open = TransferId.Of(P, 1);
        var s = Step(Funded(), new LockCollateral(A, open, P, 400m, T0));
        s = Step(s, new LockCollateral(A, TransferId.Of(P, 2), P, 100m, T0));

        Assert.Equal(new CollateralHold(P, 400m), s.Holds[open]);
        Assert.Equal((500m, 500m), (s.FreeBalance, s.LockedCollateral));
        Assert.Equal(new[] { P }, s.Positions);
        Assert.Empty(s.Outbox);

        s = Step(s, new CommitCollateral(A, open, P, T0));
        s = Step(s, new ReleaseCollateral(A, TransferId.Of(P, 2), P, T0));
        Assert.Empty(s.Holds);
        Assert.Equal((600m, 0m), (s.FreeBalance, s.LockedCollateral));
    }
}
