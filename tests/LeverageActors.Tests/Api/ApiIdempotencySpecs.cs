using System.Net;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>A retry with the same Idempotency-Key gets the first answer and moves money once, even across a restart; on each journal database.</summary>
public abstract class ApiIdempotencySpecs(TestDatabases databases) : ApiNodeSpec(databases.Durable())
{
    [Fact]
    public async Task A_retried_deposit_and_open_answer_the_same_and_move_money_once()
    {
        await Node.OperatorReports("ETH-USD", 2000m);
        var lp = await Node.NewTrader(deposit: 50_000m);
        await lp.Provides("ETH-USD", 50_000m);
        var trader = await Node.NewTrader();

        using var first = await trader.Post($"/accounts/{trader.Id}/deposits", new { amount = 700m }, "deposit-1");
        using var retry = await trader.Post($"/accounts/{trader.Id}/deposits", new { amount = 700m }, "deposit-1");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(700m, await trader.FreeBalance());

        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/deposits", new { amount = 800m }, "deposit-1"),
            HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        var open = new { market = "ETH-USD", side = "short", collateral = 200m, leverage = 4m };
        var opened = await Json(trader.Post("/positions", open, "open-1"), HttpStatusCode.Created);
        var again = await Json(trader.Post("/positions", open, "open-1"), HttpStatusCode.Created);
        Assert.Equal(opened.GetProperty("positionId").GetString(), again.GetProperty("positionId").GetString());
        Assert.Equal(500m, await trader.FreeBalance());
        Assert.Single((await Json(trader.Get("/positions"))).GetProperty("positions").EnumerateArray());

        // A new node on the same journal has forgotten the answers, not the requests.
        await Node.DisposeAsync();
        Node = await TestNode.StartAsync(Database);
        trader = trader.On(Node);
        lp = lp.On(Node);
        var afterRestart = await Json(trader.Post($"/accounts/{trader.Id}/deposits", new { amount = 700m }, "deposit-1"));
        Assert.True(afterRestart.GetProperty("alreadyApplied").GetBoolean());
        var reopened = await Json(trader.Post("/positions", open, "open-1"), HttpStatusCode.Created);
        Assert.Equal(opened.GetProperty("positionId").GetString(), reopened.GetProperty("positionId").GetString());
        Assert.Equal(500m, await trader.FreeBalance());

        // Nor what they were: the entities recorded each request's terms, so another body under a
        // used key is refused as before the restart, not answered as already applied.
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/deposits", new { amount = 800m }, "deposit-1"),
            HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        await ProblemAssert.Is(trader.Post("/positions", open with { leverage = 5m }, "open-1"),
            HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        var position = opened.GetProperty("positionId").GetString();
        using (var added = await trader.Post($"/positions/{position}/collateral", new { amount = 10m }, "top-up-1"))
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        await Node.DisposeAsync();
        Node = await TestNode.StartAsync(Database);
        trader = trader.On(Node);
        lp = lp.On(Node);
        await ProblemAssert.Is(trader.Post($"/positions/{position}/collateral", new { amount = 20m }, "top-up-1"),
            HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        // 700 − 200 opened − 10 added; the position holds 200 − 0.4 fee (0.05% of 800) + 10 = 209.6.
        Assert.Equal(490m, await trader.FreeBalance());
        Assert.Equal(209.6m, (await Json(trader.Get($"/positions/{position}"))).GetProperty("collateral").GetDecimal());
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task A_retried_LP_withdrawal_whose_first_try_went_through_gets_its_outcome_though_the_pool_would_refuse_it_now()
    {
        await Node.OperatorReports("ETH-USD", 2000m);
        var lp = await Node.NewTrader(deposit: 10_000m);
        await lp.Provides("ETH-USD", 10_000m);
        var pool = await Json(lp.Get("/pools/ETH-USD"));
        var shares = pool.GetProperty("totalShares").GetDecimal() - pool.GetProperty("lockedShares").GetDecimal();
        var first = await Json(lp.Post("/pools/ETH-USD/withdrawals", new { shares }, "exit-1"));
        var free = await lp.FreeBalance();

        // The node that answered is gone with its answer, and the market is halted since (withdrawals
        // paused) while the LP holds no shares: the retry must be told its withdrawal went through.
        await Node.DisposeAsync();
        Node = await TestNode.StartAsync(Database);
        lp = lp.On(Node);
        await Node.OperatorReports("ETH-USD", 2000m);
        using (var halt = await Node.Http.SendAsync(Node.Request(HttpMethod.Post, "/operator/markets/ETH-USD/halt", new { minutes = 30 }, TestNode.OperatorKey)))
            halt.EnsureSuccessStatusCode();
        var retry = await Json(lp.Post("/pools/ETH-USD/withdrawals", new { shares }, "exit-1"));

        Assert.Equal(first.GetProperty("amount").GetDecimal(), retry.GetProperty("amount").GetDecimal());
        Assert.Equal(first.GetProperty("shares").GetDecimal(), retry.GetProperty("shares").GetDecimal());
        Assert.Equal(free, await lp.FreeBalance());
        // A new withdrawal under another key is judged now.
        await ProblemAssert.Is(lp.Post("/pools/ETH-USD/withdrawals", new { shares = 1m }, "exit-2"),
            HttpStatusCode.UnprocessableEntity, "insufficient-shares");
        await Node.BooksBalance([lp]);
    }

    [Fact]
    public async Task One_key_used_by_two_accounts_is_two_requests()
    {
        var alice = await Node.NewTrader();
        var bob = await Node.NewTrader();

        var first = await Json(alice.Post($"/accounts/{alice.Id}/deposits", new { amount = 100m }, "shared-key"));
        var second = await Json(bob.Post($"/accounts/{bob.Id}/deposits", new { amount = 250m }, "shared-key"));

        Assert.False(first.GetProperty("alreadyApplied").GetBoolean());
        Assert.False(second.GetProperty("alreadyApplied").GetBoolean());
        Assert.Equal((100m, 250m), (await alice.FreeBalance(), await bob.FreeBalance()));
        await Node.BooksBalance([alice, bob]);
    }

    [Fact]
    public async Task Concurrent_retries_under_spellings_of_one_path_move_money_once_and_a_racing_other_request_is_refused()
    {
        var trader = await Node.NewTrader();
        var spellings = new[] { $"/accounts/{trader.Id}/deposits", $"/ACCOUNTS/{trader.Id}/Deposits", $"/accounts/{trader.Id}/deposits/" };
        var retries = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            trader.Post(spellings[i % spellings.Length], new { amount = 100m }, "same-key")));
        var bodies = new List<string>();
        foreach (var response in retries)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync());
            response.Dispose();
        }

        Assert.Single(bodies.Distinct());
        Assert.Equal(100m, await trader.FreeBalance());

        var racing = await Task.WhenAll(
            trader.Post($"/accounts/{trader.Id}/deposits", new { amount = 5m }, "raced-key"),
            trader.Post($"/accounts/{trader.Id}/deposits", new { amount = 7m }, "raced-key"));
        var statuses = racing.Select(r => r.StatusCode).OrderBy(s => s).ToList();
        foreach (var response in racing)
            response.Dispose();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity], statuses);
        var free = await trader.FreeBalance();
        Assert.True(free is 105m or 107m, $"free balance {free}");
    }

    [Fact]
    public async Task A_bad_idempotency_key_is_refused_before_anything_moves()
    {
        var trader = await Node.NewTrader(deposit: 10m);
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/deposits", new { amount = 1m }, new string('k', 129)),
            HttpStatusCode.BadRequest, "invalid-idempotency-key");
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/deposits", new { amount = 1m }, "has space"),
            HttpStatusCode.BadRequest, "invalid-idempotency-key");
        Assert.Equal(10m, await trader.FreeBalance());
    }
}

public sealed class ApiIdempotencyOnSqlite() : ApiIdempotencySpecs(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class ApiIdempotencyOnPostgres(PostgresFixture postgres) : ApiIdempotencySpecs(postgres.Databases);
