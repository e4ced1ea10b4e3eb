using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Accounts.Operations;

/// <summary>Shares offered back to a pool: it pays their value into the free balance, or refuses.</summary>
public sealed record PoolWithdrawal(PoolWithdrawalStarted Started) : PoolRequest
{
    public override RequestId RequestId => Started.RequestId;

    public override object Message =>
        new RemoveLiquidity(Started.Market, Started.AccountId, Started.RequestId, Started.Shares, Started.Price, Started.At) { Execution = Started.Execution };

    public override ILeverageEvent? Answer(AccountId account, object reply) => reply switch
    {
        LiquidityRemovedReply r => new PoolWithdrawalCompleted(account, r.RequestId, r.Market, r.Shares, r.Amount, Started.At),
        LiquidityRequestRejected r => new PoolWithdrawalFailed(account, r.RequestId, r.Market, r.Reason, Started.At),
        _ => null,
    };
}
