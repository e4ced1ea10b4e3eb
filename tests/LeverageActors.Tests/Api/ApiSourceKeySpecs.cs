using System.Net;
using LeverageActors.Host.Api;
using LeverageActors.Host.Node;
using LeverageActors.Tests.Support;
using Microsoft.Extensions.Configuration;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A review (read-only, of 965f117): every price source reported with the one operator key, naming
/// itself in the body, so whoever fed one source could report as all three and make the 2-of-3 quorum
/// alone. A source's own key (<c>Api:SourceKeys:{source}</c>) reports for that source only.
/// </summary>
public sealed class ApiSourceKeySpecs : ApiNodeSpec
{
    private const string KeyOfA = "the-key-of-source-a-feeder";
    private const string KeyOfB = "the-key-of-source-b-feeder";

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions().WithApi(api => api with
        {
            SourceKeys = new Dictionary<string, string> { ["source-a"] = KeyOfA, ["source-b"] = KeyOfB },
        }));

    private Task<HttpResponseMessage> Reports(string source, decimal price, string key) =>
        Node.Http.SendAsync(Node.Request(HttpMethod.Post, "/operator/markets/ETH-USD/prices", new { source, price }, key));

    [Fact]
    public async Task A_source_s_key_reports_for_its_source_alone_and_the_operator_s_for_any()
    {
        Assert.False((await Json(Reports("source-a", 2_000m, KeyOfA))).GetProperty("accepted").GetBoolean()); // one of a quorum of two
        await ProblemAssert.Is(Reports("source-b", 1_500m, KeyOfA), HttpStatusCode.Forbidden, "operator-only");
        await ProblemAssert.Is(Reports("source-c", 1_500m, KeyOfA), HttpStatusCode.Forbidden, "operator-only");
        await ProblemAssert.Is(Reports("source-b", 1_500m, "a-key-nobody-was-given-here"), HttpStatusCode.Forbidden, "operator-only");
        var market = await Json(Node.Http.GetAsync("/markets/ETH-USD"));
        Assert.False(market.TryGetProperty("price", out var price) && price.ValueKind == System.Text.Json.JsonValueKind.Number, "no price made by one feeder");

        Assert.True((await Json(Reports("source-b", 2_002m, KeyOfB))).GetProperty("accepted").GetBoolean());
        Assert.True((await Json(Reports("source-c", 2_004m, TestNode.OperatorKey))).GetProperty("accepted").GetBoolean());
        Assert.Equal(2_002m, (await Json(Node.Http.GetAsync("/markets/ETH-USD"))).GetProperty("price").GetDecimal());
    }

    [Theory]
    [InlineData("short", "Api:SourceKeys:source-a must be at least 16 characters")]
    [InlineData(TestNode.OperatorKey, "Api:SourceKeys:source-a must differ from the operator key")]
    public void A_source_key_too_short_or_shared_with_the_operator_is_refused(string key, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:OperatorKey"] = TestNode.OperatorKey,
            ["Api:SourceKeys:source-a"] = key,
        }).Build();

        Assert.Contains(message, Assert.Throws<ConfigurationError>(() => ApiSettings.From(configuration)).Message);
    }

    [Fact]
    public void Two_sources_sharing_a_key_are_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:SourceKeys:source-a"] = KeyOfA,
            ["Api:SourceKeys:source-b"] = KeyOfA,
        }).Build();

        Assert.Contains("every other source's key", Assert.Throws<ConfigurationError>(() => ApiSettings.From(configuration)).Message);
    }
}
