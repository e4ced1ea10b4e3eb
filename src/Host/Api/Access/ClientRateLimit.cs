using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace LeverageActors.Host.Api.Access;

/// <summary>
/// A token bucket per client (an address, or an IPv6 /64: <see cref="ClientPartition"/>): a bot may burst to twice its rate, and nobody can make the
/// node wake entities (each a journal read) as fast as it can send requests.
/// </summary>
public static class ClientRateLimit
{
    public static PartitionedRateLimiter<HttpContext> Create(int perSecond) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetTokenBucketLimiter(
            ClientPartition.Of(http.Connection.RemoteIpAddress),
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perSecond * 2,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    /// <summary>The policy <c>POST /accounts</c> also spends from (<see cref="OpeningAccounts"/>).</summary>
    public const string OpenAccount = "open-account";

    /// <summary>
    /// <paramref name="perMinute"/> new accounts a minute per client, all at once at most, then one every
    /// 60/<paramref name="perMinute"/> seconds: each is an event in the journal for good.
    /// </summary>
    public static RateLimitPartition<string> OpeningAccounts(HttpContext http, int perMinute) =>
        RateLimitPartition.GetTokenBucketLimiter(ClientPartition.Of(http.Connection.RemoteIpAddress), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
