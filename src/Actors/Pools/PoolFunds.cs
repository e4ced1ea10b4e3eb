using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Pools;

/// <summary>The pool's money outside the LPs' assets: the protocol's fees, the insurance fund, the impact pool, and the bad debt the LPs bore.</summary>
public sealed record PoolFunds(decimal InsuranceFund, decimal ProtocolFees, decimal BadDebt)
{
    public static PoolFunds Empty { get; } = new(0, 0, 0);

    /// <summary>Price impact charged less rebated (<see cref="PriceImpact"/>); it pays the rebates and is not the LPs'.</summary>
    public decimal ImpactPool { get; init; }

    /// <summary>
    /// <paramref name="book"/> is the reservation book before the event: a cancelled open gives back
    /// the protocol's part of its fee, which only its reservation remembers.
    /// </summary>
    public PoolFunds Apply(IPoolEvent evt, ReservationBook book) => evt switch
    {
        LiquidityReserved e => this with { ProtocolFees = ProtocolFees + e.ProtocolFee },
        ReservationCancelled e when book.Reservations.TryGetValue(e.PositionId, out var r) =>
            this with { ProtocolFees = ProtocolFees - r.OpenProtocolFee },
        PositionSettled { Settlement: var st } => new PoolFunds(
            InsuranceFund + st.ToInsurance - st.InsuranceCover, ProtocolFees + st.ProtocolFee, BadDebt + st.BadDebt)
        {
            ImpactPool = ImpactPool + st.Impact,
        },
        AccountShortfallPaid e => this with { InsuranceFund = InsuranceFund - e.FromInsurance, BadDebt = BadDebt + e.FromLiquidity },
        _ => this,
    };
}
