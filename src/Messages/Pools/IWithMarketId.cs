using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Pools;

/// <summary>Routes a message to the liquidity pool of the market it names.</summary>
public interface IWithMarketId : ILeverageMessage
{
    MarketId Market { get; }
}
