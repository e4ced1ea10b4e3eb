using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Accounts;

/// <summary>The funding indexes a mark carries from its pool's answer: none while both are 0 (a market without funding, or none accrued yet).</summary>
public static class CrossFunding
{
    public static MarkFunding? Of(PoolStateResponse pool) =>
        pool.LongFundingIndex == 0 && pool.ShortFundingIndex == 0 ? null : new MarkFunding(pool.LongFundingIndex, pool.ShortFundingIndex);
}
