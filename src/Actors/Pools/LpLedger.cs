using System.Collections.Immutable;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// Who owns the pool: each provider's shares, the total, the shares the first deposit locked
/// (<see cref="LpShares"/>), and the answer every LP request got, so a retry is answered the same way.
/// </summary>
public sealed record LpLedger
{
    public static LpLedger Empty { get; } = new();

    public ImmutableDictionary<AccountId, decimal> Shares { get; init; } = ImmutableDictionary<AccountId, decimal>.Empty;

    public decimal TotalShares { get; init; }

    /// <summary>Shares minted to nobody by the first deposit: part of <see cref="TotalShares"/>, never redeemable.</summary>
    public decimal LockedShares { get; init; }

    /// <summary>Applied LP requests: the reply each one got.</summary>
    public ImmutableDictionary<RequestId, object> Answers { get; init; } = ImmutableDictionary<RequestId, object>.Empty;

    public LpLedger Apply(IPoolEvent evt) => evt switch
    {
        LiquidityAdded e => this with
        {
            TotalShares = TotalShares + e.Shares + e.LockedShares,
            LockedShares = LockedShares + e.LockedShares,
            Shares = Shares.SetItem(e.Provider, Shares.GetValueOrDefault(e.Provider) + e.Shares),
            Answers = Answers.SetItem(e.RequestId, new LiquidityAddedReply(e.Market, e.Provider, e.RequestId, e.Amount, e.Shares)),
        },
        LiquidityRemoved e => Remove(e),
        LiquidityRequestRefused e => this with
        {
            Answers = Answers.SetItem(e.RequestId, new LiquidityRequestRejected(e.Market, e.Provider, e.RequestId, e.Reason)),
        },
        _ => this,
    };

    private LpLedger Remove(LiquidityRemoved e)
    {
        var left = Shares.GetValueOrDefault(e.Provider) - e.Shares;
        return this with
        {
            TotalShares = TotalShares - e.Shares,
            Shares = left == 0 ? Shares.Remove(e.Provider) : Shares.SetItem(e.Provider, left),
            Answers = Answers.SetItem(e.RequestId, new LiquidityRemovedReply(e.Market, e.Provider, e.RequestId, e.Shares, e.Amount)),
        };
    }
}
