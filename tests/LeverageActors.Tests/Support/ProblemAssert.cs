using System.Net;
using System.Text.Json;

namespace LeverageActors.Tests.Support;

public static class ProblemAssert
{
    /// <summary>The response is an RFC 7807 problem of this status and type; returns its body.</summary>
    public static async Task<JsonElement> Is(Task<HttpResponseMessage> call, HttpStatusCode status, string code)
    {
        using var response = await call;
        return await Is(response, status, code);
    }

    public static async Task<JsonElement> Is(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal("/problems/" + code, body.GetProperty("type").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return body;
    }
}
