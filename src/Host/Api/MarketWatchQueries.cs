using Akka.Actor;
using Akka.Hosting;
using LeverageActors.Actors.Entities;

namespace LeverageActors.Host.Api;

/// <summary>Read-only questions to the <c>market-watch</c> singleton (risk indexes, liquidators), wherever it runs.</summary>
public sealed class MarketWatchQueries(ActorRegistry registry, ApiSettings settings)
{
    public async Task<T> Ask<T>(object query, CancellationToken token)
    {
        var proxy = await registry.GetAsync<MarketWatchProxy>(token);
        return await proxy.Ask<T>(query, settings.AskTimeout, token);
    }
}
