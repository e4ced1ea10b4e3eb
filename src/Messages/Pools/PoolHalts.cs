using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Pools;

/// <summary>From the oracle's circuit breaker: refuse new risk (reservations, collateral removal) until <c>Until</c>.</summary>
public sealed record HaltTrading(MarketId Market, DateTimeOffset Until, DateTimeOffset At) : IPoolCommand;

public sealed record TradingHalted(MarketId Market, DateTimeOffset Until, DateTimeOffset At) : IPoolEvent;

/// <summary>To the oracle: the halt is in force at the pool.</summary>
public sealed record TradingHaltAcknowledged(MarketId Market, DateTimeOffset Until) : Oracles.IWithOracleMarket;
