using System.Collections.Immutable;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Pools;

/// <summary>What one open position's funding runs on: its side, size and entry (its notional at entry) and its side's index when it opened.</summary>
public sealed record FundingClaim(PositionSide Side, decimal Quantity, decimal EntryPrice, decimal IndexAtOpen);

/// <summary>
/// The pool's funding indexes (<see cref="FundingMath"/>), one per side, and the open interest they
/// move on. Like <see cref="Borrowing"/>, it folds from the pool's events alone and accrues by event
/// time on every one, so the pool, the audit and the risk index keep the same indexes to the last
/// digit. Open interest is each side's notional at entry, as the side books count it.
/// </summary>
public sealed record Funding
{
    public static Funding Initial { get; } = new();

    /// <summary>The pool's own: its reservations hold every claim's terms (<see cref="ReservationBook.ClaimOf"/>), so it keeps no <see cref="Claims"/>.</summary>
    public static Funding InPool { get; } = new() { KeepsClaims = false };

    /// <summary>Whether <see cref="Claims"/> is kept here: by a follower's fold, not by the pool's (a second copy of each, ~140 B a position).</summary>
    public bool KeepsClaims { get; init; } = true;

    public MarketParameters? Parameters { get; init; }

    public decimal LongInterest { get; init; }

    public decimal ShortInterest { get; init; }

    public decimal LongIndex { get; init; }

    public decimal ShortIndex { get; init; }

    public DateTimeOffset? LastAccrual { get; init; }

    public ImmutableDictionary<PositionId, FundingClaim> Claims { get; init; } = ImmutableDictionary<PositionId, FundingClaim>.Empty;

    public decimal IndexOf(PositionSide side) => side == PositionSide.Long ? LongIndex : ShortIndex;

    /// <summary>What the larger side pays per second now.</summary>
    public decimal Rate => FundingMath.Rate(LongInterest, ShortInterest, Parameters);

    /// <summary>The indexes accrued to <paramref name="at"/> at the current open interest.</summary>
    public Funding AccruedTo(DateTimeOffset at)
    {
        if (LastAccrual is not { } last)
            return this with { LastAccrual = at };
        if (at <= last)
            return this;
        var (l, s) = FundingMath.Accrual(LongInterest, ShortInterest, Parameters, at - last);
        return this with { LongIndex = LongIndex + l, ShortIndex = ShortIndex + s, LastAccrual = at };
    }

    public Funding Apply(IPoolEvent evt) =>
        KeepsClaims ? Apply(evt, Claims.GetValueOrDefault) : throw new InvalidOperationException("The pool's funding keeps no claims: fold it with its reservations' (PoolState).");

    /// <summary>The same fold, with each position's claim before the event told by <paramref name="claimOf"/> (the pool's reservations).</summary>
    public Funding Apply(IPoolEvent evt, Func<PositionId, FundingClaim?> claimOf)
    {
        var f = AccruedTo(evt.At);
        return evt switch
        {
            PoolOpened e => f with { Parameters = e.Parameters, LastAccrual = e.At },
            LiquidityReserved e => f.Open(e),
            ReservationCancelled e => f.Drop(e.PositionId, claimOf(e.PositionId)),
            PositionSettled e => f.Settle(e, claimOf(e.PositionId)),
            _ => f,
        };
    }

    private Funding Open(LiquidityReserved e) =>
        WithInterest(e.Side, e.Quantity * e.EntryPrice) with
        {
            Claims = KeepsClaims ? Claims.SetItem(e.PositionId, new FundingClaim(e.Side, e.Quantity, e.EntryPrice, e.FundingIndex)) : Claims,
        };

    private Funding Drop(PositionId position, FundingClaim? claim) =>
        claim is { } c
            ? WithInterest(c.Side, -(c.Quantity * c.EntryPrice)) with { Claims = KeepsClaims ? Claims.Remove(position) : Claims }
            : this;

    private Funding Settle(PositionSettled e, FundingClaim? claim)
    {
        if (claim is not { } c)
            return this;
        var quantity = Portion.OfQuantity(c.Quantity, e.Fraction);
        return WithInterest(c.Side, -(quantity * c.EntryPrice)) with
        {
            Claims = !KeepsClaims ? Claims
                : e.Fraction >= 1 ? Claims.Remove(e.PositionId)
                : Claims.SetItem(e.PositionId, c with { Quantity = c.Quantity - quantity }),
        };
    }

    private Funding WithInterest(PositionSide side, decimal delta) =>
        side == PositionSide.Long ? this with { LongInterest = LongInterest + delta } : this with { ShortInterest = ShortInterest + delta };
}
