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
        var fold = new MarketFold();
        foreach (var (_, evt) in s.S.X.Journal)
        {
            if (evt is LiquidityReserved reserved)
                fold.Apply(reserved with { PositionId = PositionId.From(new string(reserved.PositionId.Value.AsSpan())) });
            else if (evt is IPoolEvent pool)
                fold.Apply(pool);
            else if (evt is IPositionEvent position)
                fold.Open.Apply(position);
        }

        Assert.Equal(6, fold.Pool.Loans.Count);
        foreach (var id in fold.Pool.Loans.Keys)
            Assert.Same(fold.Open.Find(id)!.Id.Value, id.Value);
    }
}
