using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeverageActors.Actors.Membership;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Host.Node;

/// <summary>
/// The settings of a node that every node of its cluster must share (<see cref="SharedSettings"/>),
/// named as the configuration names them: each market's parameters, oracle and auto-deleveraging,
/// each collateral asset's, cross margin, the liquidators' account, next-price execution.
/// </summary>
public static class NodeSharedSettings
{
    public static SharedSettings Of(NodeSettings settings)
    {
        var values = new Dictionary<string, string>
        {
            ["Accounts:CrossMargin:Enabled"] = Switch(settings.CrossMargin),
            ["Liquidation:Account"] = settings.LiquidatorAccount,
            ["Execution:NextPrice"] = Switch(settings.NextPriceExecution),
            ["Execution:NextPriceWait"] = settings.NextPriceWait?.ToString("c", CultureInfo.InvariantCulture) ?? "each market's StaleAfter",
        };
        var catalog = settings.Markets;
        values["Markets"] = string.Join(",", catalog.Markets.Keys.Select(m => m.Value).Order(StringComparer.Ordinal));
        values["Collateral"] = string.Join(",", catalog.Collateral.All.Select(a => a.Asset.Value));
        foreach (var (market, parameters) in catalog.Markets)
        {
            Flatten($"Markets:{market}", JsonSerializer.SerializeToNode(parameters, LeverageJson.Options), values);
            Flatten($"Markets:{market}:Oracle", JsonSerializer.SerializeToNode(catalog.Oracle(market), LeverageJson.Options), values);
            values[$"Markets:{market}:Adl:Enabled"] = Switch(catalog.AdlEnabled(market));
        }

        foreach (var asset in catalog.Collateral.All)
            Flatten($"Collateral:{asset.Asset}", JsonSerializer.SerializeToNode(asset.Parameters, LeverageJson.Options), values);
        return SharedSettings.Of(values);
    }

    private static string Switch(bool on) => on ? "true" : "false";

    /// <summary>One value per leaf, named by its path: a difference names the parameter, not the whole market.</summary>
    private static void Flatten(string name, JsonNode? node, Dictionary<string, string> values)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                    Flatten($"{name}:{key}", child, values);
                break;
            case JsonArray a:
                values[name] = a.ToJsonString();
                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                values[name] = text;
                break;
            default:
                values[name] = node?.ToJsonString() ?? "null";
                break;
        }
    }
}
