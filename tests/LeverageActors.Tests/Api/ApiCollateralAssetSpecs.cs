using System.Net;
using System.Text.Json;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// Deposits and withdrawals take <c>{asset, amount}</c>, USD when the asset is left out; the account
/// lists a balance per asset beside the fields it always had; each refusal is its own problem type.
/// </summary>
public sealed class ApiCollateralAssetSpecs : ApiNodeSpec
{
    private static (string Asset, decimal Balance, decimal Deposited, decimal Withdrawn, decimal Initial, decimal Maintenance)[] Balances(JsonElement account) =>
    [
        .. account.GetProperty("balances").EnumerateArray().Select(b => (
            b.GetProperty("asset").GetString()!, b.GetProperty("balance").GetDecimal(), b.GetProperty("totalDeposited").GetDecimal(),
            b.GetProperty("totalWithdrawn").GetDecimal(), b.GetProperty("initialWeight").GetDecimal(), b.GetProperty("maintenanceWeight").GetDecimal())),
    ];

    [Fact]
    public async Task Assets_move_apart_from_usd_and_the_account_lists_each_balance()
    {
        var trader = await Node.NewTrader(deposit: 1_000m);

        var deposited = await Json(trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "ETH", amount = 2.5m }));
        var usd = await Json(trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "USD", amount = 10m }));
        var withdrawn = await Json(trader.Post($"/accounts/{trader.Id}/withdrawals", new { asset = "ETH", amount = 0.5m }));
        var account = await Json(trader.Get($"/accounts/{trader.Id}"));

        Assert.Equal(1_010m, withdrawn.GetProperty("freeBalance").GetDecimal());
        // An asset's move answers with that asset's balance after it; USD's answers with its free balance alone.
        Assert.Equal(("ETH", 2.5m), (deposited.GetProperty("asset").GetString(), deposited.GetProperty("balance").GetDecimal()));
        Assert.Equal(("ETH", 2m), (withdrawn.GetProperty("asset").GetString(), withdrawn.GetProperty("balance").GetDecimal()));
        Assert.False(usd.TryGetProperty("asset", out _));
        Assert.Equal(1_010m, account.GetProperty("freeBalance").GetDecimal());
        Assert.Equal(1_010m, account.GetProperty("totalDeposited").GetDecimal());
        Assert.Equal(
            [
                ("USD", 1_010m, 1_010m, 0m, 1m, 1m),
                ("BTC", 0m, 0m, 0m, 0.80m, 0.90m),
                ("ETH", 2m, 2.5m, 0.5m, 0.80m, 0.90m),
                ("SOL", 0m, 0m, 0m, 0.75m, 0.85m),
            ],
            Balances(account));
        await Node.BooksBalance([trader]);
    }

    [Fact]
    public async Task Unknown_assets_short_asset_balances_and_the_cap_are_problems_that_move_nothing()
    {
        var trader = await Node.NewTrader(deposit: 100m);
        await Json(trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "BTC", amount = 4_999m }));

        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "DOGE", amount = 1m }),
            HttpStatusCode.UnprocessableEntity, "unknown-asset");
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/withdrawals", new { asset = "not an asset!", amount = 1m }),
            HttpStatusCode.UnprocessableEntity, "unknown-asset");
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/withdrawals", new { asset = "ETH", amount = 0.1m }),
            HttpStatusCode.UnprocessableEntity, "insufficient-asset-balance");
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/withdrawals", new { asset = "BTC", amount = 4_999.000001m }),
            HttpStatusCode.UnprocessableEntity, "insufficient-asset-balance");
        // BTC's default cap is 5,000 across all accounts.
        var capped = await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "BTC", amount = 1.000001m }),
            HttpStatusCode.UnprocessableEntity, "deposit-cap-reached");
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "ETH", amount = 0m }),
            HttpStatusCode.BadRequest, "validation-error");

        Assert.Contains("5000", capped.GetProperty("detail").GetString()!.Replace(",", ""));
        var account = await Json(trader.Get($"/accounts/{trader.Id}"));
        Assert.Equal(100m, account.GetProperty("freeBalance").GetDecimal());
        Assert.Equal(("BTC", 4_999m), Balances(account).Select(b => (b.Asset, b.Balance)).Single(b => b.Asset == "BTC"));
        Assert.Equal(0m, Balances(account).Single(b => b.Asset == "ETH").Balance);
        await Node.BooksBalance([trader]);
    }

    [Fact]
    public async Task A_retried_asset_deposit_moves_the_asset_once_and_its_key_cannot_be_reused_for_usd()
    {
        var trader = await Node.NewTrader();

        await Json(trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "SOL", amount = 40m }, idempotencyKey: "sol-1"));
        using var replay = await trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "SOL", amount = 40m }, idempotencyKey: "sol-1");
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/deposits", new { amount = 40m }, idempotencyKey: "sol-1"),
            (HttpStatusCode)422, "idempotency-key-reused");

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var account = await Json(trader.Get($"/accounts/{trader.Id}"));
        Assert.Equal(40m, Balances(account).Single(b => b.Asset == "SOL").Balance);
        Assert.Equal(0m, account.GetProperty("freeBalance").GetDecimal());
    }
}
