using System.Collections.Immutable;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// The positions the pool backs: each one's terms (<see cref="Reservation"/>), each side's totals
/// (<see cref="SideBook"/>), the breaches still unresolved, and what was already done for a
/// position, so a repeated or stale request is answered instead of applied twice.
/// </summary>
public sealed record ReservationBook
{
    public static ReservationBook Empty { get; } = new();

    public ImmutableDictionary<PositionId, Reservation> Reservations { get; init; } =
        ImmutableDictionary<PositionId, Reservation>.Empty;

    public SideBook Longs { get; init; } = SideBook.Empty;

    public SideBook Shorts { get; init; } = SideBook.Empty;

    /// <summary>Positions whose breach is unresolved: LPs may not withdraw while any is.</summary>
    public int OpenBreaches { get; init; }

    /// <summary>Positions whose open failed: no reservation is ever made for them again.</summary>
    public ImmutableHashSet<PositionId> Cancelled { get; init; } = [];

    /// <summary>Positions settled for good (closed or liquidated): a stale reservation request for one is refused.</summary>
    public ImmutableHashSet<PositionId> Finished { get; init; } = [];

    /// <summary>Collateral changes already booked, by transfer.</summary>
    public ImmutableHashSet<TransferId> Adjusted { get; init; } = [];

    /// <summary>
    /// The answer to every settlement by (position, number), to answer a repeated request the same
    /// way, until the risk index has read its position's record of it (<see cref="SettlementsForgotten"/>).
    /// </summary>
    public ImmutableDictionary<(PositionId, int), Settlement> Settlements { get; init; } =
        ImmutableDictionary<(PositionId, int), Settlement>.Empty;

    public SideBook Side(PositionSide side) => side == PositionSide.Long ? Longs : Shorts;

    /// <summary>A backed position's loan, as <see cref="Borrowing"/> keeps it when it follows the pool: the same terms, changed by the same events the same way.</summary>
    public Loan? LoanOf(PositionId position) =>
        Reservations.TryGetValue(position, out var r) ? new Loan(r.Reserved, r.BorrowIndex, r.OpenFee - r.OpenProtocolFee) : null;

    /// <summary>A backed position's funding claim, as <see cref="Funding"/> keeps it when it follows the pool.</summary>
    public FundingClaim? ClaimOf(PositionId position) =>
        Reservations.TryGetValue(position, out var r) ? new FundingClaim(r.Side, r.Quantity, r.EntryPrice, r.FundingIndex) : null;

    public ReservationBook Apply(IPoolEvent evt) => evt switch
    {
        LiquidityReserved e => Reserve(e),
        ReservationCancelled e => Drop(e.PositionId) with { Cancelled = Cancelled.Add(e.PositionId) },
        PositionSettled e => Settle(e),
        ReservedCollateralAdjusted e => AdjustCollateral(e),
        BreachNoted e => NoteBreach(e),
        SettlementsForgotten e => this with { Settlements = Settlements.RemoveRange(e.Settlements.Select(s => (s.PositionId, s.Number))) },
        _ => this,
    };

    private ReservationBook Reserve(LiquidityReserved e)
    {
        var reservation = new Reservation(e.Side, e.Quantity, e.EntryPrice, e.Collateral, e.Reserved, e.BorrowIndex, e.OpenFee, e.ProtocolFee,
            PendingImpact: e.Impact, FundingIndex: e.FundingIndex);
        return WithSide(e.Side, book => book.Add(e.Quantity, e.EntryPrice, e.Collateral, e.Reserved)) with
        {
            Reservations = Reservations.SetItem(e.PositionId, reservation),
        };
    }

    /// <summary>Undoes a reservation whose open failed.</summary>
    private ReservationBook Drop(PositionId position)
    {
        if (!Reservations.TryGetValue(position, out var r))
            return this;
        return WithSide(r.Side, book => book.Remove(r.Quantity, r.EntryPrice, r.Collateral, r.Reserved)) with
        {
            Reservations = Reservations.Remove(position),
        };
    }

    private ReservationBook Settle(PositionSettled e)
    {
        var r = Reservations[e.PositionId];
        var quantity = Portion.OfQuantity(r.Quantity, e.Fraction);
        var reserved = Portion.OfMoney(r.Reserved, e.Fraction);
        var collateral = Portion.OfMoney(r.Collateral, e.Fraction);
        // A partial liquidation leaves what the closed part pays out as collateral of the rest, as
        // the position does: the pool's record of what the trader can lose must say the same. A cross
        // position's payout goes back to its account: it holds no collateral.
        var kept = (e.Liquidation || e.Keeps) && e.Fraction < 1 && !e.Cross ? e.Settlement.Payout : 0;
        var resolves = e.Liquidation && r.OpenBreach is { } open && open <= e.Breach;
        var remaining = r with
        {
            Quantity = r.Quantity - quantity,
            Collateral = r.Collateral - collateral + kept,
            Reserved = r.Reserved - reserved,
            PendingImpact = r.PendingImpact - PriceImpact.PendingPart(r.PendingImpact, e.Fraction),
            OpenBreach = resolves ? null : r.OpenBreach,
            ResolvedBreach = e.Liquidation ? Math.Max(r.ResolvedBreach, e.Breach) : r.ResolvedBreach,
            LastSettlement = Math.Max(r.LastSettlement, e.Number),
        };
        var endsBreach = e.Fraction >= 1 ? r.OpenBreach is not null : resolves;
        return WithSide(r.Side, book => book.Remove(quantity, r.EntryPrice, collateral - kept, reserved)) with
        {
            OpenBreaches = OpenBreaches - (endsBreach ? 1 : 0),
            Reservations = e.Fraction >= 1 ? Reservations.Remove(e.PositionId) : Reservations.SetItem(e.PositionId, remaining),
            Finished = e.Fraction >= 1 ? Finished.Add(e.PositionId) : Finished,
            Settlements = Settlements.SetItem((e.PositionId, e.Number), e.Settlement),
        };
    }

    private ReservationBook NoteBreach(BreachNoted e)
    {
        var r = Reservations[e.PositionId];
        var wasOpen = r.OpenBreach is not null;
        var noted = e.Open
            ? r with { OpenBreach = e.Breach }
            : r with { OpenBreach = r.OpenBreach <= e.Breach ? null : r.OpenBreach, ResolvedBreach = Math.Max(r.ResolvedBreach, e.Breach) };
        var isOpen = noted.OpenBreach is not null;
        return this with
        {
            Reservations = Reservations.SetItem(e.PositionId, noted),
            OpenBreaches = OpenBreaches + (isOpen ? 1 : 0) - (wasOpen ? 1 : 0),
        };
    }

    private ReservationBook AdjustCollateral(ReservedCollateralAdjusted e)
    {
        var r = Reservations[e.PositionId];
        return WithSide(r.Side, book => book with { Collateral = book.Collateral + e.Delta }) with
        {
            Reservations = Reservations.SetItem(e.PositionId, r with { Collateral = r.Collateral + e.Delta }),
            Adjusted = Adjusted.Add(e.TransferId),
        };
    }

    private ReservationBook WithSide(PositionSide side, Func<SideBook, SideBook> change) =>
        side == PositionSide.Long ? this with { Longs = change(Longs) } : this with { Shorts = change(Shorts) };
}
