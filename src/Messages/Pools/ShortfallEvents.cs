using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Pools;

/// <summary>
/// The pool paid an account <c>FromInsurance</c> + <c>FromLiquidity</c> of the <c>Requested</c>
/// shortfall (<see cref="CoverAccountShortfall"/>): the insurance fund first, then the LPs' liquidity,
/// never more than what is unreserved. What it could not pay stays the account's debt.
/// </summary>
public sealed record AccountShortfallPaid(
    MarketId Market, AccountId AccountId, TransferId TransferId, decimal Requested, decimal FromInsurance, decimal FromLiquidity, DateTimeOffset At)
    : IPoolEvent;
