using LeverageActors.Actors.Deleveraging;
using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// The position's side of auto-deleveraging: it records the ranking inputs from its own holding at
/// the deleverager's oracle price (<see cref="AutoDeleverageStarted"/>) and, in the same write, starts
/// the <see cref="Settling"/> of the fraction at exactly that price. A position that is closing, being
/// liquidated, awaiting a liquidator, or holds another quantity than was ranked is skipped; the
/// deleverager ranks again without it. Collateral moved since the ranking is no reason (it is
/// recorded as <see cref="AutoDeleverageStarted.RankedCollateral"/>), and a removal in flight makes
/// the command wait for its answer (<see cref="PositionState.Defers"/>). A repeated command for the same round is answered, never applied twice.
/// </summary>
public static class AutoDeleveraging
{
    public static RequestId RequestOf(AutoDeleverage c) => RequestId.From($"adl-{c.Round}-{c.PositionId.Value}");

    public static Handling<PositionState, IPositionEvent> Decide(PositionState p, AutoDeleverage c)
    {
        var request = RequestOf(c);
        if (p.Outcomes.ContainsKey(request) || p.Operations.Any(o => o.Request == request))
            return Answer(new AutoDeleverageAnswer(p.Id, c.Round, Started: true));
        if (Skip(p, c) is { } why)
            return Answer(new AutoDeleverageAnswer(p.Id, c.Round, Started: false, why));

        var pnl = AdlMath.Pnl(p.Side, p.Quantity, p.EntryPrice, p.Collateral, p.Reserved, c.Price);
        if (pnl <= 0)
            return Answer(new AutoDeleverageAnswer(p.Id, c.Round, Started: false, "not in profit"));
        var notional = p.Quantity * c.Price;
        var number = p.Numbers.NextSettlement;
        return new Handling<PositionState, IPositionEvent>(
        [
            new AutoDeleverageStarted(p.Id, p.Market, c.Round, c.Rank, number, c.Fraction, c.Price, c.PriceSequence, pnl, p.Collateral, notional,
                AdlMath.Score(pnl, p.Collateral, notional), c.NetPnl, c.PoolValue, p.Parameters.AdlTrigger(), c.At,
                c.LpLoss is { } loss ? loss with { MaxLpLossPerDay = p.Parameters.LpLossLimit() } : null)
            {
                RankedCollateral = p.Collateral != c.Collateral ? c.Collateral : null,
            },
            new PositionSettlementRequested(p.Id, request, number, c.Fraction, c.Price, c.At) { FundingBound = Settling.FundingBound(p, c.Fraction, c.At) },
        ], _ => new AutoDeleverageAnswer(p.Id, c.Round, Started: true));
    }

    private static string? Skip(PositionState p, AutoDeleverage c) =>
        p.Status != PositionStatus.Open ? "not open"
        : p.UnderLiquidation ? "being liquidated"
        : p.Operations.Any(o => o.MovesCollateral) ? "closing or moving collateral"
        : c.Price <= 0 || c.Fraction is <= 0 or > 1 ? "invalid price or fraction"
        : c.PriceSequence < p.Numbers.LastPriceSequence ? "older price than the position has seen"
        // Collateral moved since the ranking changes nothing the reduction needs: added, it was ranked no
        // higher than it would be now; taken out, it ranks higher now (a score is PnL over collateral squared
        // times notional). A dust move would otherwise take the position out of every round, the next-ranked cut in its place.
        : p.Quantity != c.Quantity ? "holding changed since ranked"
        : null;

    private static Handling<PositionState, IPositionEvent> Answer(object reply) => Handling<PositionState, IPositionEvent>.Answer(reply);
}
