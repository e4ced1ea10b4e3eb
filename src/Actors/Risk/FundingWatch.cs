using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// The risk index's view of its market's funding (issue 18): the pool's <see cref="Funding"/> folded
/// from its events, and the indexes the thresholds were last computed at. Funding moves equity as
/// interest does, but either way: the paying side's thresholds come closer, the receiving side's go
/// further. When either index has moved by <see cref="RefreshEvery"/> of notional since, the rows are
/// computed again, as they are when interest moved.
/// </summary>
public sealed class FundingWatch
{
    /// <summary>0.01% of notional: far inside the thresholds' cushion (0.25% of notional at the default maintenance).</summary>
    public const decimal RefreshEvery = 0.0001m;

    private Funding _fold = Funding.Initial;
    private Funding _atThresholds = Funding.Initial;

    /// <summary>The newest of the fold and the indexes the rows were last computed at: what a row is computed at.</summary>
    public Funding Latest => _atThresholds.LastAccrual > _fold.LastAccrual ? _fold.AccruedTo(_atThresholds.LastAccrual!.Value) : _fold;

    public bool IsOn => _fold.Parameters?.HasFunding() == true;

    /// <summary>
    /// Folds a pool event. A market opened without funding keeps both indexes at 0 for the pool's life
    /// (its parameters are the pool's first event's, never changed), so after that event nothing is
    /// folded: no claim is kept for each open position (~140 B each) to move an interest that moves no index.
    /// </summary>
    public void Observe(IPoolEvent evt)
    {
        if (evt is PoolOpened || IsOn)
            _fold = _fold.Apply(evt);
    }

    /// <summary>True (and the indexes remembered) when either side's index moved enough by <paramref name="at"/> to compute the rows again.</summary>
    public bool MovedAt(DateTimeOffset at)
    {
        if (!IsOn)
            return false;
        var now = _fold.AccruedTo(at);
        if (Math.Abs(now.LongIndex - _atThresholds.LongIndex) < RefreshEvery && Math.Abs(now.ShortIndex - _atThresholds.ShortIndex) < RefreshEvery)
            return false;
        _atThresholds = now;
        return true;
    }

    /// <summary>The index a margin check of a position on <paramref name="side"/> carries at <paramref name="at"/>; null when the market has no funding.</summary>
    public decimal? IndexFor(PositionSide? side, DateTimeOffset at) =>
        IsOn && side is { } s ? _fold.AccruedTo(at).IndexOf(s) : null;
}
