using LeverageActors.Messages.Ids;
using Microsoft.AspNetCore.Http;

namespace LeverageActors.Host.Api.Access;

/// <summary>The authenticated account of a request, set by <see cref="AccessFilters"/>.</summary>
public static class Caller
{
    private const string Key = "leverage.caller";

    public static void Set(HttpContext context, AccountId account) => context.Items[Key] = account;

    public static AccountId Of(HttpContext context) =>
        context.Items[Key] is AccountId account
            ? account
            : throw new InvalidOperationException("endpoint is missing RequireAccountKey()");
}
