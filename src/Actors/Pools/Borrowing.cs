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

    /// <summary>The pool's own: its reservations hold every loan's terms (<see cref="ReservationBook.LoanOf"/>), so it keeps no <see cref="Loans"/>.</summary>
    public static Borrowing InPool { get; } = new() { KeepsLoans = false };

    /// <summary>
    /// Whether <see cref="Loans"/> is kept here: by a follower's fold, not by the pool's. The pool is
    /// never passivated, and a second copy of every loan there cost ~130 B for each open position.
    /// </summary>
    public bool KeepsLoans { get; init; } = true;

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
    public Borrowing Apply(IPoolEvent evt) =>
        KeepsLoans ? Apply(evt, Loans.GetValueOrDefault) : throw new InvalidOperationException("The pool's borrowing keeps no loans: fold it with its reservations' (PoolState).");

    /// <summary>The same fold, with each position's loan before the event told by <paramref name="loanOf"/> (the pool's reservations).</summary>
    public Borrowing Apply(IPoolEvent evt, Func<PositionId, Loan?> loanOf)
    {
        var b = AccruedTo(evt.At);
        return evt switch
        {
            PoolOpened e => b with { Parameters = e.Parameters, LastAccrual = e.At },
            LiquidityAdded e => b with { Assets = b.Assets + e.Amount },
            LiquidityRemoved e => b with { Assets = b.Assets - e.Amount },
            LiquidityReserved e => b.Lend(e),
            ReservationCancelled e => b.Cancel(e.PositionId, loanOf(e.PositionId)),
            PositionSettled e => b.Repay(e, loanOf(e.PositionId) ?? throw new KeyNotFoundException($"No loan to {e.PositionId} to repay")),
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
        Loans = KeepsLoans ? Loans.SetItem(e.PositionId, new Loan(e.Reserved, e.BorrowIndex, e.OpenFee - e.ProtocolFee)) : Loans,
    };

    /// <summary>A failed open: the loan is undone, opening fee included.</summary>
    private Borrowing Cancel(PositionId position, Loan? loan)
    {
        if (loan is null)
            return this;
        return this with
        {
            Assets = Assets - loan.OpeningFee,
            Reserved = Reserved - loan.Amount,
            ScaledReserved = ScaledReserved - loan.Amount / loan.IndexAtOpen,
            Loans = KeepsLoans ? Loans.Remove(position) : Loans,
        };
    }

    /// <summary>A settlement repays the settled part of the loan; what it hands the pool (interest included) joins the assets.</summary>
    private Borrowing Repay(PositionSettled e, Loan loan)
    {
        var repaid = Portion.OfMoney(loan.Amount, e.Fraction);
        return this with
        {
            Assets = Assets + e.Settlement.ToPool + e.Settlement.InsuranceCover,
            Reserved = Reserved - repaid,
            ScaledReserved = ScaledReserved - repaid / loan.IndexAtOpen,
            Loans = !KeepsLoans ? Loans
                : e.Fraction >= 1 ? Loans.Remove(e.PositionId)
                : Loans.SetItem(e.PositionId, loan with { Amount = loan.Amount - repaid }),
        };
    }
}
