using System.Net;
using Akka.Actor;
using LeverageActors.Host.Api.Idempotency;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Audit;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A review (read-only, of 99f1793): a retried LP move waits for its next price on one node while its
/// first try, sent to another node, goes through; after the wait the pool's check refuses the retry
/// (the shares are gone, or deposits paused since), and the client, told nothing was done, moves the
/// money again under a new key. The first try is played here by the account's own command under the
/// key's request id, sent to the entity while the retry waits at the oracle.
/// </summary>
public sealed class ApiLpRetryDuringWaitSpecs() : ApiNodeSpec(TestDatabase.OnDisk())
{
    private const string Market = ApiNextPriceSpecs.Market;

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions { Markets = ApiNextPriceSpecs.OneSource, NextPrice = true });

    [Fact]
    public async Task A_retried_withdrawal_whose_first_try_went_through_while_it_waited_is_answered_from_the_record()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var pool = await Json(lp.Get($"/pools/{Market}"));
        var shares = pool.GetProperty("totalShares").GetDecimal() - pool.GetProperty("lockedShares").GetDecimal();
        var free = await lp.FreeBalance();

        var retry = lp.Post($"/pools/{Market}/withdrawals", new { shares }, "exit-1");
        await ApiNextPriceSpecs.Waiting(Node, 1);
        var request = Mutations.RequestOf(lp.Id, $"POST /pools/{{market}}/withdrawals market={Market}", "exit-1");
        var first = await Node.Accounts.Ask<object>(
            new WithdrawLiquidity(lp.Id, request, MarketId.From(Market), shares, 2_000m, DateTimeOffset.UtcNow), TestNode.Timeout);
        var paid = Assert.IsType<LiquidityRequestCompleted>(first).Amount;
        await ApiNextPriceSpecs.Accepts(Node, 2_010m);

        var answered = await Json(retry);
        Assert.Equal(request.Value, answered.GetProperty("requestId").GetString());
        Assert.Equal((shares, paid), (answered.GetProperty("shares").GetDecimal(), answered.GetProperty("amount").GetDecimal()));
        Assert.Equal(free + paid, await lp.FreeBalance());
        await Node.BooksBalance([lp]);
        await Node.DisposeAsync();
        Assert.Empty(AuditJournal.Replay(Database).Violations);
    }
}
