using System.Text.Json;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Api;

/// <summary>GET /markets/{m} shows the volatility in force once the oracle has recorded one.</summary>
public sealed class ApiMarketVolatilitySpecs : ApiNodeSpec
{
    // Every accepted price a sample and two returns enough, so a few reports record an estimate.
    private static readonly OracleParameters Eager = OracleParameters.Default with
    {
        Volatility = new VolatilityModel { SampleEvery = TimeSpan.FromTicks(1), MinSamples = 2 },
    };

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions
        {
            Markets = new MarketCatalog(MarketCatalog.Default.Markets, new Dictionary<MarketId, OracleParameters> { [MarketId.From("ETH-USD")] = Eager }),
        });

    [Fact]
    public async Task A_market_shows_sigma_per_root_second_and_its_daily_and_annual_scaling()
    {
        var before = await ApiTrader.Json(Node.Http.GetAsync("/markets/ETH-USD"));
        Assert.False(HasVolatility(before)); // no price, no estimate

        foreach (var price in new[] { 2000m, 2010m, 1990m })
            await Node.OperatorReports("ETH-USD", price);

        var market = await ApiTrader.Json(Node.Http.GetAsync("/markets/ETH-USD"));
        var volatility = market.GetProperty("volatility");
        Assert.Equal("ewma", volatility.GetProperty("model").GetString());
        Assert.True(volatility.GetProperty("samples").GetInt64() >= 2);
        Assert.True(volatility.GetProperty("priceSequence").GetInt64() <= market.GetProperty("priceSequence").GetInt64());
        var sigma = volatility.GetProperty("sigmaPerSqrtSecond").GetDecimal();
        Assert.True(sigma > 0);
        Assert.Equal(Math.Round(sigma * DecimalMath.Sqrt(86_400m), 10), volatility.GetProperty("daily").GetDecimal());
        Assert.Equal(Math.Round(sigma * DecimalMath.Sqrt(31_536_000m), 10), volatility.GetProperty("annualized").GetDecimal());

        var quiet = await ApiTrader.Json(Node.Http.GetAsync("/markets/BTC-USD"));
        Assert.False(HasVolatility(quiet));
    }

    // The API leaves out what is null.
    private static bool HasVolatility(JsonElement market) =>
        market.TryGetProperty("volatility", out var v) && v.ValueKind != JsonValueKind.Null;
}
