using System.Net;
using LeverageActors.Tests.Support;

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
