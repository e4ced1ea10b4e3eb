using System.Collections.Immutable;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using Decision = LeverageActors.Actors.Entities.Handling<LeverageActors.Actors.Pools.PoolState, LeverageActors.Messages.Pools.IPoolEvent>;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// What the pool paid liquidated cross accounts of their shortfall (issue 16 item 3), by the
/// account's transfer, so a repeated request is answered the same way and never paid twice. The
/// insurance fund pays first, then the LPs' liquidity, as a settlement's bad debt is borne; never more
/// than the unreserved liquidity, which backs no open position's profit.
/// </summary>
public sealed record ShortfallCovers
{
    public static ShortfallCovers None { get; } = new();

    public ImmutableDictionary<TransferId, AccountShortfallCovered> Answers { get; init; } =
        ImmutableDictionary<TransferId, AccountShortfallCovered>.Empty;

    public ShortfallCovers Apply(IPoolEvent evt) => evt is AccountShortfallPaid e
        ? this with
        {
            Answers = Answers.SetItem(e.TransferId,
                new AccountShortfallCovered(e.Market, e.AccountId, e.TransferId, e.FromInsurance + e.FromLiquidity, e.FromInsurance, e.FromLiquidity)),
        }
        : this;

    /// <summary>The answer goes to the account, whose liquidation it moves on; a malformed request is refused to its sender.</summary>
    public static Decision Cover(PoolState pool, CoverAccountShortfall c)
    {
        var account = EntityKinds.Account.At(c.AccountId);
        if (pool.Covers.Answers.TryGetValue(c.TransferId, out var earlier))
            return Decision.Tell(account, earlier);
        if (AmountRules.Check(c.Amount) is { } invalid)
            return Decision.Answer(new PoolCommandRejected(pool.Market, invalid));

        var fromInsurance = Math.Min(c.Amount, Math.Max(0, pool.InsuranceFund));
        var fromLiquidity = Math.Min(c.Amount - fromInsurance, Math.Max(0, pool.Assets - pool.Reserved));
        return Decision.Persist(new AccountShortfallPaid(pool.Market, c.AccountId, c.TransferId, c.Amount, fromInsurance, fromLiquidity, c.At)) with
        {
            Reply = s => s.Covers.Answers[c.TransferId],
            ReplyTo = account,
        };
    }
}
