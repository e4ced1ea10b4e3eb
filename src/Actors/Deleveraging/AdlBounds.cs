using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Deleveraging;

/// <summary>
/// What lets a price pass without measuring every open position (<see cref="AdlWatch"/>): sums kept
/// as positions change, and each open position's bankruptcy price (where its loss reaches its
/// collateral) in order. When no position is below its bankruptcy price at a price, the LPs' pending
/// shortfall is exactly zero, and the traders' net PnL is at most the sum of their unbounded PnLs
/// (a clamp at −collateral only raises a loss that never reached it) and at most their reservations:
/// when that bound is below the trigger no round can start. Only when a bound does not decide does the
/// watch scan, so a tick costs O(1) in a calm market whatever the book's size, and every decision is
/// the scan's. The margins cover decimal rounding in the sums, far above it and far below any price
/// step that matters; a sum that overflows hands every decision back to the scan.
/// </summary>
public sealed class AdlBounds
{
    private const decimal Margin = 0.000000001m;

    private static readonly IComparer<(decimal Price, string Id)> ByPrice = Comparer<(decimal Price, string Id)>.Create((a, b) =>
        a.Price != b.Price ? a.Price.CompareTo(b.Price) : string.CompareOrdinal(a.Id, b.Id));

    private readonly SortedSet<(decimal Price, string Id)> _longs = new(ByPrice);
    private readonly SortedSet<(decimal Price, string Id)> _shorts = new(ByPrice);
    private decimal _signedQuantity;
    private decimal _signedCost;
    private decimal _grossCost;
    private decimal _reserved;
    private bool _overflowed;

    /// <summary>Counts <paramref name="after"/> in place of <paramref name="before"/> (either null: none; only open positions count).</summary>
    public void Replace(RiskPosition? before, RiskPosition? after)
    {
        if (ReferenceEquals(before, after) || _overflowed)
            return;
        try
        {
            Count(before, -1);
            Count(after, 1);
        }
        catch (OverflowException)
        {
            _overflowed = true;
        }
    }

    /// <summary>True when no open position's loss exceeds its collateral at <paramref name="price"/>: the pending shortfall is zero.</summary>
    public bool NoneUnderwater(decimal price)
    {
        if (_overflowed)
            return false;
        // A long is underwater below its bankruptcy price, a short above it.
        var longsSafe = _longs.Count == 0 || price - _longs.Max.Price > Math.Abs(_longs.Max.Price) * Margin;
        var shortsSafe = _shorts.Count == 0 || _shorts.Min.Price - price > Math.Abs(_shorts.Min.Price) * Margin;
        return longsSafe && shortsSafe;
    }

    /// <summary>True when the PnL factor cannot exceed <paramref name="trigger"/> at <paramref name="price"/> with the pool worth <paramref name="poolValue"/>.</summary>
    public bool BelowTrigger(decimal price, decimal poolValue, decimal trigger)
    {
        if (_overflowed || poolValue <= 0)
            return false;
        try
        {
            var bound = _reserved;
            if (NoneUnderwater(price))
                bound = Math.Min(bound, price * _signedQuantity - _signedCost);
            var slack = (price * Math.Abs(_signedQuantity) + _grossCost + _reserved) * Margin;
            return bound + slack < trigger * poolValue;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private void Count(RiskPosition? p, int sign)
    {
        if (p is not { Status: PositionStatus.Open, IsLive: true })
            return;
        var side = p.Side == PositionSide.Long ? 1 : -1;
        _signedQuantity += sign * side * p.Quantity;
        _signedCost += sign * side * p.Quantity * p.EntryPrice;
        _grossCost += sign * p.Quantity * p.EntryPrice;
        _reserved += sign * p.Reserved;
        var key = (Bankruptcy(p, side), p.Id.Value);
        var book = side > 0 ? _longs : _shorts;
        if (sign > 0)
            book.Add(key);
        else
            book.Remove(key);
    }

    private static decimal Bankruptcy(RiskPosition p, int side) => p.EntryPrice - side * p.Collateral / p.Quantity;
}
