using Akka.Actor;
using Akka.Hosting;
using LeverageActors.Actors.Entities;

namespace LeverageActors.Host.Api;

/// <summary>The API's way into the entities: every message through the shard region of the entity it names.</summary>
public sealed class TradingGateway(ActorRegistry registry, ApiSettings settings, TimeProvider clock)
{
    private EntityRouter? _router;

    /// <summary>The clock value commands carry; the entities never read a clock themselves.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    public Task<object> Ask(object message, CancellationToken token) => Ask(message, settings.AskTimeout, token);

    /// <summary>The same, waiting <paramref name="timeout"/> (e.g. for the next oracle price) instead of the API's ask timeout.</summary>
    public async Task<object> Ask(object message, TimeSpan timeout, CancellationToken token)
    {
        var router = await Router(token);
        return await router.RegionOf(message).Ask<object>(message, timeout, token);
    }

    public async Task Tell(object message, CancellationToken token) =>
        (await Router(token)).RegionOf(message).Tell(message, ActorRefs.NoSender);

    private async Task<EntityRouter> Router(CancellationToken token) =>
        _router ??= await EntityRouter.FromAsync(registry, token);
}
