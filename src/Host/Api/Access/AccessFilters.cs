using System.Security.Cryptography;
using System.Text;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LeverageActors.Host.Api.Access;

/// <summary>Who may call an endpoint: an account by its key, or the operator by the operator key.</summary>
public static class AccessFilters
{
    public static TBuilder RequireAccountKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(KeyRequired.Account).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var keys = http.RequestServices.GetRequiredService<AccountKeys>();
            AccountId? account = null;
            // A slow account answers 504 like any slow entity, not 500.
            var verdict = await ApiAnswer.Guard(async () =>
            {
                (account, var refused) = await keys.Authenticate(http.Request, http.RequestAborted);
                return refused ?? ApiAnswer.Ok(account!);
            });
            if (verdict.IsProblem)
                return Challenge(http, verdict);
            Caller.Set(http, account!.Value);
            return await next(context);
        });

    public static TBuilder RequireOperatorKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(KeyRequired.Operator).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var configured = http.RequestServices.GetRequiredService<ApiSettings>().OperatorKey;
            var presented = BearerToken.Of(http.Request);
            if (presented is null)
                return Challenge(http, ProblemKinds.MissingKey.Answer("Send the operator key as 'Authorization: Bearer …'."));
            if (configured is null)
                return ProblemKinds.OperatorOnly.Answer("Operator endpoints are disabled: no Api:OperatorKey is configured.").ToResult();
            if (!SameKey(configured, presented))
                return ProblemKinds.OperatorOnly.Answer("This endpoint needs the operator key.").ToResult();
            return await next(context);
        });

    /// <summary>
    /// The operator key, which reports for any source, or a price source's own key
    /// (<see cref="ApiSettings.SourceKeys"/>), which reports for that source alone (<see cref="PriceFeeder"/>).
    /// </summary>
    public static TBuilder RequirePriceFeederKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(KeyRequired.Operator).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var settings = http.RequestServices.GetRequiredService<ApiSettings>();
            var presented = BearerToken.Of(http.Request);
            if (presented is null)
                return Challenge(http, ProblemKinds.MissingKey.Answer("Send the operator key or the price source's key as 'Authorization: Bearer …'."));
            if (settings.OperatorKey is null && settings.SourceKeys.Count == 0)
                return ProblemKinds.OperatorOnly.Answer("Price reports are disabled: no Api:OperatorKey or Api:SourceKeys is configured.").ToResult();
            if (settings.OperatorKey is { } operatorKey && SameKey(operatorKey, presented))
                return await next(context);
            foreach (var (source, key) in settings.SourceKeys)
            {
                if (!SameKey(key, presented))
                    continue;
                PriceFeeder.Set(http, source);
                return await next(context);
            }

            return ProblemKinds.OperatorOnly.Answer("This endpoint needs the operator key or a price source's key.").ToResult();
        });

    private static IResult Challenge(HttpContext http, ApiAnswer problem)
    {
        if (problem.Status == StatusCodes.Status401Unauthorized)
            http.Response.Headers.WWWAuthenticate = "Bearer";
        return problem.ToResult();
    }

    /// <summary>Whether the request carries the operator key (a page open to all may show the operator more).</summary>
    public static bool FromOperator(HttpContext http) =>
        http.RequestServices.GetRequiredService<ApiSettings>().OperatorKey is { } configured
        && BearerToken.Of(http.Request) is { } presented && SameKey(configured, presented);

    private static bool SameKey(string configured, string presented) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
