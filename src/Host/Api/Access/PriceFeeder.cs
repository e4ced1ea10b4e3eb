using Microsoft.AspNetCore.Http;

namespace LeverageActors.Host.Api.Access;

/// <summary>The one price source a request's key reports for; none when it is the operator's key, which reports for any.</summary>
public static class PriceFeeder
{
    private static readonly object Key = new();

    public static void Set(HttpContext context, string source) => context.Items[Key] = source;

    public static string? SourceOf(HttpContext context) => context.Items[Key] as string;
}
