using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// The pool's value (<see cref="PoolState.Value"/>) for a run's ledger, asked at every published
/// price and every sample. The pool's own valuation walks its immutable dictionary of reservations,
/// which at 10,000 open positions and thousands of prices and samples was most of a run's time.
/// This keeps a flat copy of the reservations, updated from the events that change one, values it
/// with the same <see cref="PoolValuation"/>, and remembers the last answer while neither the pool
/// nor the price has moved. <see cref="Agrees"/> checks the copy against the pool's own state.
/// </summary>
public sealed class PoolValueBook
{
    private readonly Dictionary<PositionId, Reservation> _reservations = new();
    private PoolState? _valued;
    private decimal _price;
    private decimal _value;

    /// <summary>Follows one event already applied to <paramref name="pool"/>.</summary>
    public void Observe(IPoolEvent evt, PoolState pool)
    {
        if (PositionOf(evt) is { } position)
        {
            if (pool.Reservations.TryGetValue(position, out var r))
                _reservations[position] = r;
            else
                _reservations.Remove(position);
        }

        // An event that moves a reservation and is not named above would show here: copy again.
        if (_reservations.Count != pool.Reservations.Count)
        {
            _reservations.Clear();
            foreach (var (id, r) in pool.Reservations)
                _reservations[id] = r;
        }
    }

    public decimal Value(PoolState pool, decimal price)
    {
        if (ReferenceEquals(pool, _valued) && price == _price)
            return _value;
        _value = pool.Assets + PoolValuation.Collectible(_reservations.Values, price, pool.BorrowIndex, pool.Parameters?.ReserveFactor ?? 0, pool.Funding);
        _valued = pool;
        _price = price;
        return _value;
    }

    /// <summary>Whether the copy values <paramref name="pool"/> as the pool itself does at <paramref name="price"/>.</summary>
    public bool Agrees(PoolState pool, decimal price)
    {
        _valued = null;
        return _reservations.Count == pool.Reservations.Count
               && pool.Reservations.All(kv => _reservations.TryGetValue(kv.Key, out var r) && r == kv.Value)
               && Math.Abs(Value(pool, price) - pool.Value(price)) <= SummationOrder;
    }

    /// <summary>
    /// The copy sums the same terms in another order; with interest's many decimals a sum's 28th
    /// digit can differ. Far below the micro-unit the ledger reports.
    /// </summary>
    private const decimal SummationOrder = 0.000000000001m;

    private static PositionId? PositionOf(IPoolEvent evt) => evt switch
    {
        LiquidityReserved e => e.PositionId,
        ReservationCancelled e => e.PositionId,
        ReservedCollateralAdjusted e => e.PositionId,
        PositionSettled e => e.PositionId,
        BreachNoted e => e.PositionId,
        _ => null,
    };
}
