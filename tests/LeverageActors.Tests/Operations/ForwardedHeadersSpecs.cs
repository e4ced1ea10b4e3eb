using System.Net;
using LeverageActors.Host.Api;
using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Node;
using LeverageActors.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Operations;

/// <summary>
/// Behind a proxy every request comes from the proxy's address: the rate limit must see the client
/// the proxy names in <c>X-Forwarded-For</c>, and only a proxy the operator named may name one.
/// </summary>
public sealed class ForwardedHeadersSpecs
{
    // One request a second per client, a burst of two: 40 requests from one client meet the limit.
    private const int Requests = 40;

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_rate_limit()
    {
        using var database = TestDatabase.InMemory();
        await using var node = await Start(database, new ProxySettings([IPAddress.Loopback], []));

        var distinct = await Send(node, i => $"198.51.100.{i + 1}");
        var same = await Send(node, _ => "198.51.100.200");

        Assert.All(distinct, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Contains(HttpStatusCode.TooManyRequests, same);
    }

    [Fact]
    public async Task Without_configured_proxies_the_header_is_ignored_so_it_cannot_dodge_the_limit()
    {
        using var database = TestDatabase.InMemory();
        await using var node = await Start(database, ProxySettings.None);

        var spoofed = await Send(node, i => $"198.51.100.{i + 1}");

        Assert.Contains(HttpStatusCode.TooManyRequests, spoofed);
    }

    [Fact]
    public async Task A_header_from_an_address_outside_the_known_networks_is_ignored()
    {
        using var database = TestDatabase.InMemory();
        await using var node = await Start(database, new ProxySettings([], [System.Net.IPNetwork.Parse("10.0.0.0/8")]));

        var spoofed = await Send(node, i => $"198.51.100.{i + 1}");

        Assert.Contains(HttpStatusCode.TooManyRequests, spoofed);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", null, false)]
    [InlineData("http://localhost:5080", null, false)]
    [InlineData("http://[::1]:5080", null, false)]
    [InlineData("http://0.0.0.0:5080", null, true)]
    [InlineData("http://203.0.113.7:5080", null, true)]
    [InlineData("http://0.0.0.0:5080", "10.0.0.5", false)]
    public void A_node_that_serves_plain_http_beyond_its_machine_with_no_proxy_named_is_told_so(string url, string? proxy, bool inClear)
    {
        var settings = ApiSettings.From(proxy is null
            ? Configuration(("Api:Url", url))
            : Configuration(("Api:Url", url), ("Api:ForwardedHeaders:KnownProxies:0", proxy)));

        Assert.Equal(inClear, settings.InClearBeyondThisMachine);
    }

    [Fact]
    public void Proxies_and_networks_are_read_from_configuration_and_a_bad_one_is_named()
    {
        var settings = ApiSettings.From(Configuration(
            ("Api:ForwardedHeaders:KnownProxies:0", "10.0.0.5"),
            ("Api:ForwardedHeaders:KnownNetworks:0", "192.168.0.0/16")));
        Assert.True(settings.ForwardedHeaders.Enabled);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), Assert.Single(settings.ForwardedHeaders.KnownProxies));
        Assert.Equal(System.Net.IPNetwork.Parse("192.168.0.0/16"), Assert.Single(settings.ForwardedHeaders.KnownNetworks));
        Assert.False(ApiSettings.From(Configuration()).ForwardedHeaders.Enabled);

        var error = Assert.Throws<ConfigurationError>(() => ApiSettings.From(Configuration(("Api:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99"))));
        Assert.Contains("Api:ForwardedHeaders:KnownNetworks:0", error.Message);
    }

    private static Task<TestNode> Start(TestDatabase database, ProxySettings proxies) =>
        TestNode.StartAsync(database, new NodeOptions().WithApi(api => api with { RequestsPerSecondPerClient = 1, ForwardedHeaders = proxies }));

    private static async Task<List<HttpStatusCode>> Send(TestNode node, Func<int, string> client)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/problems");
            request.Headers.Add("X-Forwarded-For", client(i));
            using var response = await node.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
