using LeverageActors.Actors.Markets;
using LeverageActors.Host.Node;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Host.Cli;

/// <summary>
/// The markets an audit judges a journal by: read from the same sources as the node's
/// (<c>appsettings.json</c> beside the executable, then <c>LEVERAGE_</c> variables), so a journal
/// written under an operator's own margins, weights and ADL switches is not judged by the defaults.
/// </summary>
public static class AuditMarkets
{
    public static MarketCatalog Read()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables("LEVERAGE_")
            .Build();
        return NodeSettings.ReadMarkets(configuration);
    }
}
