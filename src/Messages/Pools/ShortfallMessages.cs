using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Pools;

/// <summary>
/// A liquidated cross account still owes <c>Amount</c> of USD after everything it held was sold:
/// this pool's share of that shortfall is paid to the account from the pool's insurance fund first and
/// then from its liquidity (the LPs' loss). Idempotent by <c>TransferId</c>; answered with <see cref="AccountShortfallCovered"/>.
/// </summary>
public sealed record CoverAccountShortfall(MarketId Market, AccountId AccountId, TransferId TransferId, decimal Amount, DateTimeOffset At)
    : IPoolCommand;

/// <summary>The pool paid the account <c>Amount</c>: <c>FromInsurance</c> from its insurance fund, <c>FromLiquidity</c> from its LPs.</summary>
public sealed record AccountShortfallCovered(
    MarketId Market, AccountId AccountId, TransferId TransferId, decimal Amount, decimal FromInsurance, decimal FromLiquidity) : IWithAccountId;
