using Akka.Actor;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Serialization;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Margin;

/// <summary>
/// A market opened under the old sampling (returns a second apart) takes the configured models when
/// a node with them starts on its journal: recorded once, read back by the next node and the audit.
/// </summary>
public class RiskModelsChangeRecoverySpecs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = DynamicMarginStory.Eth;

    private static readonly OracleParameters Safer = DynamicMarginStory.Dynamic with
    {
        Volatility = VolatilityModel.Default with { SampleEvery = TimeSpan.FromSeconds(60) },
        Margin = DynamicMarginStory.Dynamic.Margin! with { MaintenanceCeiling = 0.2m },
    };

    private static MarketCatalog Catalog(OracleParameters oracle) =>
        new(MarketCatalog.Default.Markets, new Dictionary<MarketId, OracleParameters> { [Eth] = oracle });

    private static async Task Report(TestNode node, int minute, decimal price)
    {
        var at = T0.AddMinutes(minute);
        await node.Oracles.Ask<ReportAnswered>(new ReportPrice(Eth, "source-a", price, at, at), Timeout);
    }

    [Fact]
    public async Task A_node_with_safer_models_records_them_once_and_the_next_node_and_the_audit_read_them_back()
    {
        using var database = TestDatabases.Sqlite.Durable();
        var prices = new[] { 2_000m }.Concat(DynamicMarginStory.Swing).ToList();
        await using (var old = await TestNode.StartAsync(database, new NodeOptions { Markets = DynamicMarginStory.Catalog(dynamic: true) }))
        {
            for (var minute = 0; minute < prices.Count; minute++)
                await Report(old, minute, prices[minute]);
        }

        var safer = new NodeOptions { Markets = Catalog(Safer) };
        await using (var upgraded = await TestNode.StartAsync(database, safer))
            await Report(upgraded, prices.Count, 2_000m);

        OraclePriceResponse view;
        await using (var next = await TestNode.StartAsync(database, safer))
        {
            await Report(next, prices.Count + 1, 2_010m);
            view = await next.Oracles.Ask<OraclePriceResponse>(new GetOraclePrice(Eth, T0.AddMinutes(prices.Count + 1)), Timeout);
        }

        var changes = new SqliteJournalSource(database.FilePath!).Rows()
            .Where(r => r.Manifest == MessageManifests.ByType[typeof(RiskModelsChanged)])
            .Select(r => (RiskModelsChanged)LeverageSerializer.Decode(r.Payload, r.Manifest!))
            .ToList();
        Assert.Equal([new RiskModelsChanged(Eth, Safer.Volatility!, Safer.Margin!, T0.AddMinutes(prices.Count))], changes);
        // The old estimate is set aside with its model; the requirement it made stays until the new one's first record.
        Assert.Null(view.Volatility);
        Assert.True(view.Margin!.Maintenance > 0.01m, $"{view.Margin}");

        var audit = new AuditLedger(Catalog(Safer));
        foreach (var row in new SqliteJournalSource(database.FilePath!).Rows())
            audit.Read(row);
        audit.Finish();
        Assert.Empty(audit.Violations);
    }
}
