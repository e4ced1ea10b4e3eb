using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Deleveraging;

namespace LeverageActors.Tests.Risk;

public class MarketFoldSpecs
{
    /// <summary>
    /// Read from the journal, each row decodes its own copy of a position's id. The fold keeps each
    /// loan under the copy its position's fold holds already, so the node holds one per position.
    /// </summary>
    [Fact]
    public void A_loan_is_kept_under_the_id_its_position_already_holds()
    {
        var s = new AdlStory();
        s.Tick(4_000m); // a round's partial closes and the short's liquidation: loans repaid in part and in full
        var fold = new MarketFold();
        var borrowing = Borrowing.Initial;
        foreach (var (_, evt) in s.S.X.Journal)
        {
            if (evt is LiquidityReserved reserved)
                fold.Apply(reserved with { PositionId = PositionId.From(new string(reserved.PositionId.Value.AsSpan())) });
            else if (evt is IPoolEvent pool)
                fold.Apply(pool);
            else if (evt is IPositionEvent position)
                fold.Open.Apply(position);
            if (evt is IPoolEvent e)
                borrowing = borrowing.Apply(e);
        }

        Assert.NotEmpty(fold.Pool.Loans);
        foreach (var id in fold.Pool.Loans.Keys)
            Assert.Same(fold.Open.Find(id)!.Id.Value, id.Value);
        // The same figures as the pool's events folded as they are.
        Assert.Equal(borrowing.Loans.OrderBy(l => l.Key.Value), fold.Pool.Loans.OrderBy(l => l.Key.Value));
        Assert.Equal((borrowing.Assets, borrowing.Reserved, borrowing.ScaledReserved, borrowing.BorrowIndex),
            (fold.Pool.Assets, fold.Pool.Reserved, fold.Pool.ScaledReserved, fold.Pool.BorrowIndex));
    }
}
