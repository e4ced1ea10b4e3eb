using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Api.Endpoints;
using LeverageActors.Host.Api.Feed;
using LeverageActors.Host.Api.Idempotency;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Host.Health;
using LeverageActors.Host.Logging;
using LeverageActors.Host.Metrics;
using LeverageActors.Host.Dashboard;
using LeverageActors.Host.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeverageActors.Host.Api;

/// <summary>The trader-facing HTTP API beside the actor system, in the same process.</summary>
public static class ApiWiring
{
    public static WebApplicationBuilder AddLeverageApi(this WebApplicationBuilder builder, NodeSettings node, ApiSettings api)
    {
        builder.WebHost.UseUrls(api.Url);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes);
        builder.Services
            .AddSingleton(node)
            .AddSingleton(node.Markets)
            .AddSingleton(api)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<TradingGateway>()
            .AddSingleton<MarketQuotes>()
            .AddSingleton<MarketViews>()
            .AddSingleton<PoolViews>()
            .AddSingleton<PoolChecks>()
            .AddSingleton<AccountKeys>()
            .AddSingleton<IdempotentResponses>()
            .AddSingleton<PositionCommands>()
            .AddSingleton<PositionHistory>()
            .AddSingleton<FeedConnections>()
            .AddSingleton<RequestLog>()
            .AddNodeMetrics()
            .AddNodeHealthChecks()
            .AddSingleton<MarketWatchQueries>()
            .AddSingleton<JournalCounter>()
            .AddSingleton<DashboardAssets>()
            .AddSingleton<FeedHistory>()
            .AddHostedService(services => services.GetRequiredService<FeedHistory>())
            .AddSingleton<KeyRevocations>()
            .AddHostedService(services => services.GetRequiredService<KeyRevocations>())
            .AddRateLimiter(limits =>
            {
                limits.GlobalLimiter = ClientRateLimit.Create(api.RequestsPerSecondPerClient);
                limits.AddPolicy(ClientRateLimit.OpenAccount, http => ClientRateLimit.OpeningAccounts(http, api.AccountsPerMinutePerClient));
                limits.OnRejected = (rejected, _) =>
                {
                    var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 1;
                    rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var opening = rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == ClientRateLimit.OpenAccount;
                    return new ValueTask(ProblemKinds.RateLimited.Answer(
                        $"At most {api.RequestsPerSecondPerClient} requests a second per client"
                        + (opening ? $" (and {api.AccountsPerMinutePerClient} new accounts a minute)" : "")
                        + $"; retry after {seconds} s.").ToResult()
                        .ExecuteAsync(rejected.HttpContext));
                };
            })
            .AddOpenApi(options => options.AddSchemaTransformer(OpenApiSchemas.Wire)
                .AddDocumentTransformer(BearerSecurity.Declare).AddOperationTransformer(BearerSecurity.Require));
        // The OpenAPI document reads the framework's JSON options: give it the API's own.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            foreach (var converter in ApiJson.Options.Converters)
                json.SerializerOptions.Converters.Add(converter);
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString;
        });
        return builder;
    }

    public static WebApplication MapLeverageApi(this WebApplication app)
    {
        // Before anything that reads the client's address: the request log and the rate limit.
        if (app.Services.GetRequiredService<ApiSettings>().ForwardedHeaders is { Enabled: true } proxies)
            app.UseForwardedHeaders(proxies.Options());
        // Outside the error handlers, so the log and the counters see the status actually sent.
        app.Use(app.Services.GetRequiredService<RequestLog>().Write);
        app.Use(app.Services.GetRequiredService<ApiMetrics>().Count);
        app.UseExceptionHandler(errors => errors.Run(Unexpected));
        app.UseStatusCodePages(NoRoute);
        app.UseRateLimiter();
        app.MapOpenApi();
        var api = app.MapGroup("");
        // Documented once for all: any endpoint may answer these problems.
        foreach (var status in new[] { 400, 401, 404, 422, 503, 504 })
            api.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemBody), ["application/problem+json"]));
        api.MapAccounts();
        api.MapPositions();
        api.MapTriggers();
        api.MapPools();
        api.MapMarkets();
        api.MapHealth();
        api.MapStream();
        api.MapOperator();
        api.MapProblems();
        app.MapProbes();
        app.MapNodeMetrics();
        api.MapRisk();
        api.MapClusterMetrics();
        api.MapFeedHistory();
        api.MapDashboard();
        return app;
    }

    /// <summary>A bug, not the caller's mistake: logged in full, answered without a stack trace.</summary>
    private static async Task Unexpected(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var answer = error is BadHttpRequestException bad
            ? bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? RequestBody.TooLarge(http.Request)
                : ProblemKinds.MalformedJson.Answer("The request could not be read.")
            : ProblemKinds.Internal.Answer("The node failed to answer this request.");
        if (answer.Status >= 500)
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("LeverageActors.Api")
                .LogError(error, "{Method} {Path} failed", http.Request.Method, http.Request.Path);
        await answer.ToResult().ExecuteAsync(http);
    }

    /// <summary>Unknown routes and wrong methods answer with problems too, never an empty body.</summary>
    private static async Task NoRoute(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var answer = http.Response.StatusCode switch
        {
            StatusCodes.Status405MethodNotAllowed => ProblemKinds.MethodNotAllowed.Answer($"{http.Request.Method} is not allowed on {http.Request.Path}."),
            StatusCodes.Status415UnsupportedMediaType => ProblemKinds.UnsupportedMediaType.Answer("Send the body as application/json."),
            _ => ProblemKinds.NotFound.Answer($"Nothing is at {http.Request.Path}."),
        };
        await answer.ToResult().ExecuteAsync(http);
    }
}
