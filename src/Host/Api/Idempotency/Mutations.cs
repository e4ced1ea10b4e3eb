using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Ids;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LeverageActors.Host.Api.Idempotency;

/// <summary>
/// The one path every money-moving call takes: caller, strict body, Idempotency-Key, the
/// entities' answer, and the answer kept for retries. With a key, the request id the entities
/// deduplicate on is derived from (account, operation, key), so a retry moves money once even on
/// another node or after a restart, and the entity refuses that id with other terms
/// (idempotency-key-reused) where this node's answers are not known.
/// </summary>
public static class Mutations
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxKeyLength = 128;

    public static async Task<IResult> Run<TBody>(HttpContext http, Func<TBody, RequestId, Task<ApiAnswer>> act)
        where TBody : class
    {
        var (body, problem) = await RequestBody.Read<TBody>(http.Request, http.RequestAborted);
        return problem?.ToResult() ?? await Run(http, JsonSerializer.Serialize(body, ApiJson.Options), request => act(body!, request));
    }

    public static async Task<IResult> Run(HttpContext http, string canonicalBody, Func<RequestId, Task<ApiAnswer>> act)
    {
        var account = Caller.Of(http);
        var operation = Operation(http);
        var header = http.Request.Headers[Header];
        if (header.Count == 0)
            return (await ApiAnswer.Guard(() => act(RequestId.New()))).ToResult();

        var key = header.ToString();
        if (Invalid(header) is { } invalid)
            return invalid.ToResult();

        var responses = http.RequestServices.GetRequiredService<IdempotentResponses>();
        var (answer, replayed) = await responses.Run(Hash($"{account}\n{key}"), Hash($"{operation}\n{canonicalBody}"),
            () => ApiAnswer.Guard(() => act(RequestOf(account, operation, key))));
        if (answer is null)
            return ProblemKinds.IdempotencyKeyReused.Answer(
                $"{Header} '{key}' was first used for another request; use a new key for a new request.").ToResult();
        if (replayed)
            http.Response.Headers[ReplayedHeader] = "true";
        return answer.ToResult();
    }

    /// <summary>
    /// The request id of a call whose answer must not be kept for retries (it holds a secret shown
    /// once): from its Idempotency-Key when it has one, so the entity still recognises a retry, which
    /// it answers as already applied; a new id when it has none.
    /// </summary>
    public static (RequestId Request, ApiAnswer? Problem) RequestNotReplayed(HttpContext http)
    {
        var header = http.Request.Headers[Header];
        if (header.Count == 0)
            return (RequestId.New(), null);
        return Invalid(header) is { } invalid
            ? (default, invalid)
            : (RequestOf(Caller.Of(http), Operation(http), header.ToString()), null);
    }

    private static ApiAnswer? Invalid(Microsoft.Extensions.Primitives.StringValues header)
    {
        var key = header.ToString();
        return header.Count > 1 || key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~')
            ? ProblemKinds.InvalidIdempotencyKey.Answer($"{Header} must be one value of 1-{MaxKeyLength} printable ASCII characters without spaces.")
            : null;
    }

    /// <summary>
    /// The request id an idempotency key stands for: the same on every node, so an entity recognises a
    /// retry that reached another node than its first try.
    /// </summary>
    public static RequestId RequestOf(AccountId account, string operation, string key) =>
        RequestId.From("k" + Hash($"{account}\n{operation}\n{key}")[..40]);

    /// <summary>
    /// The operation as routing understood it (method, route template, route values), not the raw
    /// path: <c>/ACCOUNTS/a/Deposits/</c> and <c>/accounts/a/deposits</c> are one operation.
    /// </summary>
    private static string Operation(HttpContext http)
    {
        var template = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
        var values = http.Request.RouteValues.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}");
        return $"{http.Request.Method} {template.ToLowerInvariant()} {string.Join('&', values)}";
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
