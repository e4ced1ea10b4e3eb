using Akka.Actor;
using LeverageActors.Actors.Accounts;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// On a node, a lock left waiting for a cross settlement's USD is judged again the moment the
/// settlement lands, not at its position's next re-send a second later: that second would let its
/// trader, who knows the price by then, top the account up or not (THREATS 1).
/// </summary>
public sealed class CrossDrawWaitNodeSpecs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    [Fact]
    public async Task A_lock_waiting_for_a_cross_settlement_is_judged_as_it_lands()
    {
        using var database = TestDatabase.OnDisk();
        await using var node = await TestNode.StartAsync(database);
        var id = AccountId.From("waits");
        var cross = PositionId.From("waits-cross");
        var isolated = PositionId.From("waits-isolated");
        await node.Accounts.Ask<AccountCommandAccepted>(new OpenAccount(id, RequestId.From("o"), T0), Timeout);
        await node.Accounts.Ask<AccountCommandAccepted>(new DepositFunds(id, RequestId.From("d"), 1_000m, T0), Timeout);

        // A cross long admitted and confirmed, whose close has drawn 600 of the 1,000 and not settled.
        var terms = new CrossTerms(Eth, PositionSide.Long, 0.1m, 2_000m, 180m, 0.0005m, 0.02m, 0.01m);
        node.Accounts.Tell(new AdmitCrossPosition(id, TransferId.Of(cross, 1), cross, terms, 0m, [new MarketMark(Eth, 2_000m, 1, 1m)], T0));
        node.Accounts.Tell(new ConfirmCrossPosition(id, TransferId.Of(cross, 1), cross, 1m, T0));
        node.Accounts.Tell(new DrawCrossMargin(id, TransferId.Of(cross, 2), cross, 600m, T0));
        node.Accounts.Tell(new LockCollateral(id, TransferId.Of(isolated, 1), isolated, 900m, T0));
        var waiting = await node.Accounts.Ask<AccountBalanceResponse>(new GetAccountBalance(id), Timeout);
        Assert.Equal(400m, waiting.FreeBalance);
        Assert.Equal(0m, waiting.LockedCollateral);

        // The pool pays back all 600 (no loss at the price): the 900 lock goes through at once.
        node.Accounts.Tell(new SettleCrossPosition(id, TransferId.Of(cross, 3), cross, 1m, 600m, T0));
        await Eventually.Holds("the waiting lock to be judged as the settlement lands", async () =>
            await node.Accounts.Ask<AccountBalanceResponse>(new GetAccountBalance(id), Timeout) is { FreeBalance: 100m, LockedCollateral: 900m });
    }

    [Fact]
    public void A_request_waits_for_settlements_ten_times_at_most()
    {
        var waiters = new DrawWaiters();
        var isolated = PositionId.From("p");
        var lockIt = new LockCollateral(AccountId.From("a"), TransferId.Of(isolated, 1), isolated, 900m, T0);

        Assert.All(Enumerable.Range(0, DrawWaiters.MaxWaits), _ => Assert.True(waiters.Wait(lockIt)));
        Assert.Equal([lockIt], waiters.Waiting);
        Assert.False(waiters.Wait(lockIt));
        Assert.Empty(waiters.Waiting);
    }
}
