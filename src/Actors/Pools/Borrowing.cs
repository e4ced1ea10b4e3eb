using System.Collections.Immutable;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// The pool as a lender: what it holds (<see cref="Assets"/>), what it lends (<see cref="Reserved"/>,
/// one <see cref="Loan"/> per position) and the borrow index interest compounds into. The rate
/// depends on utilization, so on assets and loans alone: this record folds from the pool's events
/// without the rest of the pool, which is how the risk index follows the index. Interest accrues by
/// event time, the same way when the pool decides and when it applies.
/// </summary>
public sealed record Borrowing
{
    public static Borrowing Initial { get; } = new();

    /// <summary>The rate model's parameters, from the pool's first event; null until then.</summary>
    public MarketParameters? Parameters { get; init; }

    public decimal Assets { get; init; }

    public decimal Reserved { get; init; }

    /// <summary>Σ loan / index at open: accrued interest of all open positions is I·this − Reserved.</summary>
    public decimal ScaledReserved { get; init; }

    public decimal BorrowIndex { get; init; } = 1m;

    public DateTimeOffset? LastAccrual { get; init; }

    public ImmutableDictionary<PositionId, Loan> Loans { get; init; } = ImmutableDictionary<PositionId, Loan>.Empty;

    public decimal Utilization => BorrowRateModel.Utilization(Reserved, Assets);

    public decimal AccruedInterest => Math.Max(0, BorrowIndex * ScaledReserved - Reserved);

    /// <summary>Interest accrued to <paramref name="at"/> at the current utilization.</summary>
    public Borrowing AccruedTo(DateTimeOffset at)
    {
        if (Parameters is null || LastAccrual is not { } last)
            return this with { LastAccrual = at };
        if (at <= last)
            return this;
        var rate = BorrowRateModel.BorrowRate(Utilization, Parameters);
        return this with { BorrowIndex = BorrowRateModel.Accrue(BorrowIndex, rate, at - last), LastAccrual = at };
    }

    /// <summary>Every pool event accrues to its time, so a fold of this record alone keeps the pool's index to the last digit.</summary>
    public Borrowing Apply(IPoolEvent evt)
    {
        var b = AccruedTo(evt.At);
        return evt switch
        {
            PoolOpened e => b with { Parameters = e.Parameters, LastAccrual = e.At },
            LiquidityAdded e => b with { Assets = b.Assets + e.Amount },
            LiquidityRemoved e => b with { Assets = b.Assets - e.Amount },
            LiquidityReserved e => b.Lend(e),
            ReservationCancelled e => b.Cancel(e.PositionId),
            PositionSettled e => b.Repay(e),
            // An account's shortfall paid from the LPs' liquidity: their loss, as bad debt is.
            AccountShortfallPaid e => b with { Assets = b.Assets - e.FromLiquidity },
            _ => b,
        };
    }

    private Borrowing Lend(LiquidityReserved e) => this with
    {
        Assets = Assets + e.OpenFee - e.ProtocolFee,
        Reserved = Reserved + e.Reserved,
        ScaledReserved = ScaledReserved + e.Reserved / e.BorrowIndex,
        Loans = Loans.SetItem(e.PositionId, new Loan(e.Reserved, e.BorrowIndex, e.OpenFee - e.ProtocolFee)),
    };

    /// <summary>A failed open: the loan is undone, opening fee included.</summary>
    private Borrowing Cancel(PositionId position)
    {
        if (!Loans.TryGetValue(position, out var loan))
            return this;
        return this with
        {
            Assets = Assets - loan.OpeningFee,
            Reserved = Reserved - loan.Amount,
            ScaledReserved = ScaledReserved - loan.Amount / loan.IndexAtOpen,
            Loans = Loans.Remove(position),
        };
    }

    /// <summary>A settlement repays the settled part of the loan; what it hands the pool (interest included) joins the assets.</summary>
    private Borrowing Repay(PositionSettled e)
    {
        var loan = Loans[e.PositionId];
        var repaid = Portion.OfMoney(loan.Amount, e.Fraction);
        return this with
        {
            Assets = Assets + e.Settlement.ToPool + e.Settlement.InsuranceCover,
            Reserved = Reserved - repaid,
            ScaledReserved = ScaledReserved - repaid / loan.IndexAtOpen,
            Loans = e.Fraction >= 1 ? Loans.Remove(e.PositionId) : Loans.SetItem(e.PositionId, loan with { Amount = loan.Amount - repaid }),
        };
    }
}
