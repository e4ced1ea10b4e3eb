using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Dashboard;

/// <summary>One node started with <c>--demo</c> (prices fed by the operator endpoint, not the clock) and one browser.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = TestDatabase.InMemory();

    public TestNode Node { get; private set; } = null!;

    public DashboardBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The browser first: without chromium there is nothing to start a node for.
        Browser = await DashboardBrowser.LaunchAsync();
        Node = await TestNode.StartAsync(Database, new NodeOptions { Markets = EagerEthVolatility, Node = settings => settings with { Demo = true } });
    }

    // ETH-USD records its volatility after two returns of any spacing, so the page's few prices show one.
    private static readonly MarketCatalog EagerEthVolatility = new(MarketCatalog.Default.Markets, new Dictionary<MarketId, OracleParameters>
    {
        [MarketId.From("ETH-USD")] = OracleParameters.Default with
        {
            Volatility = new VolatilityModel { SampleEvery = TimeSpan.FromTicks(1), MinSamples = 2 },
        },
    });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        if (Node is not null)
            await Node.DisposeAsync();
        Database.Dispose();
    }
}
