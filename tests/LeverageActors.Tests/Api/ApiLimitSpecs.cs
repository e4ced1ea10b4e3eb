using System.Net;
using LeverageActors.Host.Api;
using LeverageActors.Host.Node;
using LeverageActors.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Api;

/// <summary>What protects the node from one client: a request rate per client address.</summary>
public sealed class ApiLimitSpecs : ApiNodeSpec
{
    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions().WithApi(api => api with { RequestsPerSecondPerClient = 5 }));

    [Fact]
    public async Task A_client_past_its_rate_gets_429_problems_with_retry_after()
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 40; i++)
            responses.Add(await Node.Http.GetAsync("/problems"));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        await ProblemAssert.Is(limited[0], HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal(TimeSpan.FromSeconds(1), limited[0].Headers.RetryAfter?.Delta);
        foreach (var response in responses)
            response.Dispose();
    }
}

/// <summary>Opening an account needs no key and writes an event: one client opens a few a minute, not hundreds a second.</summary>
public sealed class ApiAccountOpeningLimitSpecs : ApiNodeSpec
{
    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions().WithApi(api => api with { AccountsPerMinutePerClient = 3 }));

    [Fact]
    public async Task A_client_past_its_accounts_a_minute_gets_429_and_its_other_requests_still_pass()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await Node.Http.PostAsync("/accounts", null);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                limited ??= response;
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], statuses.Take(3));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses.Skip(3));
        var problem = await ProblemAssert.Is(limited!, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Contains("3 new accounts a minute", problem.GetProperty("detail").GetString());
        Assert.InRange(limited!.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        using var other = await Node.Http.GetAsync("/problems");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}

/// <summary>Limits a node refuses to start with.</summary>
public sealed class ApiLimitSettingsSpecs
{
    [Theory]
    [InlineData("0")]
    [InlineData("1000001")]
    [InlineData("2000000000")]
    public void An_accounts_allowance_outside_1_to_a_million_is_refused_at_start(string perMinute)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:AccountsPerMinutePerClient"] = perMinute,
        }).Build();

        Assert.Contains("from 1 to 1000000", Assert.Throws<ConfigurationError>(() => ApiSettings.From(configuration)).Message);
    }
}
