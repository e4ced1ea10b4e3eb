using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using LeverageActors.Actors.Membership;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Host.Node;

/// <summary>
/// The settings of a node that every node of its cluster must share (<see cref="SharedSettings"/>),
/// named as the configuration names them: each market's parameters, oracle, auto-deleveraging and
/// next-price wait, each collateral asset's, cross margin, the liquidators' account, next-price
/// execution. Not the demo nor the price feed: one node may replay prices for the whole cluster
/// while the others run without (README, Running a cluster). Written as in force: every parameter, an unset one as
/// <c>null</c> (a parameter set on one node only must differ, not look like another build's), a
/// section as <c>set</c> or <c>null</c> under its own name, and numbers without trailing zeros.
/// </summary>
public static class NodeSharedSettings
{
    private const string Set = "set";

    /// <summary>The journal's options, with every property written, null or not.</summary>
    private static readonly JsonSerializerOptions EveryProperty = new(LeverageJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var property in info.Properties)
                        property.ShouldSerialize = null;
                },
            },
        },
    };

    public static SharedSettings Of(NodeSettings settings)
    {
        var catalog = settings.Markets;
        var values = new Dictionary<string, string>
        {
            ["Markets"] = string.Join(",", catalog.Markets.Keys.Select(m => m.Value).Order(StringComparer.Ordinal)),
            ["Collateral"] = string.Join(",", catalog.Collateral.All.Select(a => a.Asset.Value)),
            ["Accounts:CrossMargin:Enabled"] = Switch(settings.CrossMargin),
            ["Liquidation:Account"] = settings.LiquidatorAccount,
            ["Execution:NextPrice"] = Switch(settings.NextPriceExecution),
        };
        foreach (var (market, parameters) in catalog.Markets)
        {
            var oracle = catalog.Oracle(market)!;
            Flatten($"Markets:{market}", JsonSerializer.SerializeToNode(parameters, EveryProperty), values);
            Flatten($"Markets:{market}:Oracle", JsonSerializer.SerializeToNode(
                oracle with { Volatility = oracle.VolatilityInForce(), CheckpointEvery = oracle.CheckpointEveryInForce() }, EveryProperty), values);
            values[$"Markets:{market}:Adl:Enabled"] = Switch(catalog.AdlEnabled(market));
            values[$"Markets:{market}:Execution:NextPriceWait"] = (settings.NextPriceWait ?? oracle.StaleAfter).ToString("c", CultureInfo.InvariantCulture);
        }

        foreach (var asset in catalog.Collateral.All)
            Flatten($"Collateral:{asset.Asset}", JsonSerializer.SerializeToNode(asset.Parameters, EveryProperty), values);
        return SharedSettings.Of(values);
    }

    private static string Switch(bool on) => on ? "true" : "false";

    /// <summary>One value per leaf, named by its path: a difference names the parameter, not the whole market.</summary>
    private static void Flatten(string name, JsonNode? node, Dictionary<string, string> values)
    {
        switch (node)
        {
            case null:
                values[name] = "null";
                break;
            case JsonObject o:
                values[name] = Set;
                foreach (var (key, child) in o)
                    Flatten($"{name}:{key}", child, values);
                break;
            case JsonArray a:
                values[name] = a.ToJsonString();
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                values[name] = decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                    .ToString("0.############################", CultureInfo.InvariantCulture);
                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                values[name] = text;
                break;
            default:
                values[name] = node.ToJsonString();
                break;
        }
    }
}
