using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Accounts.Operations;

/// <summary>Money taken from the free balance for a pool: the pool mints shares for it, or it is refunded.</summary>
public sealed record PoolDeposit(PoolDepositStarted Started) : PoolRequest
{
    public override RequestId RequestId => Started.RequestId;

    public decimal Amount => Started.Amount;

    public override object Message =>
        new AddLiquidity(Started.Market, Started.AccountId, Started.RequestId, Started.Amount, Started.Price, Started.At) { Execution = Started.Execution };

    public override ILeverageEvent? Answer(AccountId account, object reply) => reply switch
    {
        LiquidityAddedReply r => new PoolDepositCompleted(account, r.RequestId, r.Market, Started.Amount, r.Shares, Started.At),
        LiquidityRequestRejected r => new PoolDepositRefunded(account, r.RequestId, r.Market, Started.Amount, r.Reason, Started.At),
        _ => null,
    };
}
