using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Prices;

/// <summary>A market price at a moment: what every command that needs a price carries.</summary>
public sealed record PriceQuote(MarketId Market, decimal Price, DateTimeOffset At);

/// <summary>
/// Where callers (the node's entry points, tests, simulations) take the price they put into
/// commands. Entities never ask for a price: it arrives in the command, so replay is exact.
/// </summary>
public interface IPriceSource
{
    PriceQuote? Latest(MarketId market);
}
