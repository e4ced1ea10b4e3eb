using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Support;

/// <summary>A trader's account as the API created it, and calls made with its key.</summary>
public sealed class ApiTrader(TestNode node, AccountId id, string key)
{
    public AccountId Id { get; } = id;

    public string Key { get; } = key;

    /// <summary>The same account and key, calling another node (e.g. after a restart).</summary>
    public ApiTrader On(TestNode other) => new(other, Id, Key);

    public Task<HttpResponseMessage> Get(string path) => Send(HttpMethod.Get, path);

    public Task<HttpResponseMessage> Post(string path, object? body = null, string? idempotencyKey = null) =>
        Send(HttpMethod.Post, path, body, idempotencyKey);

    /// <summary>A call; cancelling <paramref name="hangUp"/> closes its connection, as a caller who goes away.</summary>
    public Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, string? idempotencyKey = null,
        CancellationToken hangUp = default)
    {
        var request = node.Request(method, path, body, Key);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return node.Http.SendAsync(request, hangUp);
    }

    /// <summary>The body of a call that must succeed with <paramref name="expected"/>.</summary>
    public static async Task<JsonElement> Json(Task<HttpResponseMessage> call, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<decimal> FreeBalance() =>
        (await Json(Get($"/accounts/{Id}"))).GetProperty("freeBalance").GetDecimal();

    public async Task<string> Opens(string market, string side, decimal collateral, decimal leverage) =>
        (await Json(Post("/positions", new { market, side, collateral, leverage }), HttpStatusCode.Created))
        .GetProperty("positionId").GetString()!;

    public async Task Provides(string market, decimal amount) =>
        await Json(Post($"/pools/{market}/deposits", new { amount }));
}
