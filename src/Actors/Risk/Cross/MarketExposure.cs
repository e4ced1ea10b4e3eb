using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Risk.Cross;

/// <summary>
/// One market's part of a cross account: its price now, and a bound on how much the account's
/// margin surplus can fall per unit of price move in that market (a Lipschitz constant: net
/// quantity of its positions there, plus the requirement's and close fee's share of their gross
/// quantity, plus the weighted balance of the market's base asset held as collateral).
/// </summary>
public readonly record struct MarketExposure(MarketId Market, decimal Price, decimal Sensitivity);
