using LeverageActors.Actors.Deleveraging;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Proves each auto-deleveraging reduction (<see cref="AutoDeleverageStarted"/>): its PnL, notional,
/// collateral and score are what the position held gives at the recorded price; the trigger held
/// (net PnL over pool value above the position's <c>MaxPnlFactor</c>); every reduction of one round
/// shares the round's trigger inputs and price, no two share a rank, and a better rank never has a
/// lower score than a worse one, whatever order the positions wrote them in; and no reduced position
/// was closing or being liquidated.
/// </summary>
public sealed class DeleverageRule
{
    private readonly Dictionary<(MarketId, long), List<AutoDeleverageStarted>> _rounds = new();
    private readonly List<DeleverageProof> _proofs = [];
    private readonly Dictionary<MarketId, (DateTimeOffset Day, decimal Loss)> _lpLoss = new();

    /// <summary>How long after its price a reduction may be recorded: more than any oracle's staleness limit and the deleverager's ask timeout.</summary>
    private static readonly TimeSpan PriceFreshness = TimeSpan.FromMinutes(5);

    public IReadOnlyList<DeleverageProof> Proofs => _proofs;

    /// <summary>The LPs' bad debt per market and UTC day, from the pools' settlements: what an LP loss trigger may claim.</summary>
    public void Observe(PositionSettled settled)
    {
        if (settled.Settlement.BadDebt <= 0)
            return;
        var day = AdlWatch.DayOf(settled.At);
        var (was, loss) = _lpLoss.GetValueOrDefault(settled.Market);
        _lpLoss[settled.Market] = (day, (was == day ? loss : 0) + settled.Settlement.BadDebt);
    }

    public IEnumerable<AuditFinding> Check(AutoDeleverageStarted e, PositionState before)
    {
        var pnl = AdlMath.Pnl(before.Side, before.Quantity, before.EntryPrice, before.Collateral, before.Reserved, e.Price);
        var notional = before.Quantity * e.Price;
        var score = AdlMath.Score(pnl, before.Collateral, notional);
        var factor = AdlMath.Factor(e.NetPnl, e.PoolValue);
        _proofs.Add(new DeleverageProof(e.PositionId, e.Market, e.Round, e.Rank, e.Price, score, factor, e.MaxPnlFactor, e.Fraction, e.At, e.LpLoss, e.PoolValue));

        if (pnl != e.Pnl || notional != e.Notional || before.Collateral != e.Collateral || score != e.Score || pnl <= 0)
            yield return new AuditFinding("adl-recomputed", $"PnL {pnl} > 0, notional {notional}, collateral {before.Collateral}, score {score}",
                $"PnL {e.Pnl}, notional {e.Notional}, collateral {e.Collateral}, score {e.Score}");
        if (e.LpLoss is { } loss)
        {
            foreach (var wrong in CheckLpLoss(e, loss, before))
                yield return wrong;
        }
        else if (e.MaxPnlFactor != before.Parameters.AdlTrigger() || factor <= e.MaxPnlFactor)
            yield return new AuditFinding("adl-triggered", $"a PnL factor above {before.Parameters.AdlTrigger()}",
                $"{e.NetPnl} / {e.PoolValue} = {factor} against {e.MaxPnlFactor}");
        if (e.RankedCollateral is { } ranked && (ranked <= 0 || ranked == before.Collateral))
            yield return new AuditFinding("adl-recomputed", $"a ranked collateral above 0 and other than the {before.Collateral} held (collateral moved since the ranking)",
                $"{ranked}");
        if (before.Status != PositionStatus.Open || before.UnderLiquidation || BusyPosition.MovingCollateral(before).Any())
            yield return new AuditFinding("adl-skips-busy", "an open position neither closing nor being liquidated",
                $"{before.Status}, {string.Join(", ", before.Operations.Select(o => o.GetType().Name))}");
        if (e.Fraction is <= 0 or > 1)
            yield return new AuditFinding("adl-fraction", "a fraction in (0, 1]", $"{e.Fraction}");

        var key = (e.Market, e.Round);
        if (!_rounds.TryGetValue(key, out var round))
            _rounds[key] = round = [];
        foreach (var other in round)
        {
            if (other.NetPnl != e.NetPnl || other.LpLoss != e.LpLoss || other.PoolValue != e.PoolValue || other.Price != e.Price || other.PriceSequence != e.PriceSequence)
                yield return new AuditFinding("adl-round", $"round {e.Round}'s trigger: {other.NetPnl} / {other.PoolValue} at {other.Price}",
                    $"{e.NetPnl} / {e.PoolValue} at {e.Price}");
            else if (other.Rank == e.Rank || (other.Rank < e.Rank ? RankedScore(other) < RankedScore(e) : RankedScore(other) > RankedScore(e)))
                yield return new AuditFinding("adl-ranking", $"rank {other.Rank} ({other.PositionId}, score {RankedScore(other)}) before rank {e.Rank}",
                    $"{e.PositionId} at rank {e.Rank} with score {RankedScore(e)}");
        }

        round.Add(e);
    }

    /// <summary>The score a reduction was ranked by: with the collateral held when it was ranked, where collateral moved since.</summary>
    private static decimal RankedScore(AutoDeleverageStarted e) =>
        e.RankedCollateral is { } ranked ? AdlMath.Score(e.Pnl, ranked, e.Notional) : e.Score;

    /// <summary>
    /// The LPs' loss trigger: the limit is the position's parameter, the window a UTC day the reduction
    /// falls in, the day's loss no more than the bad debt the pool's settlements recorded that day, and
    /// on those inputs the fund was exhausted and the projected loss above the limit.
    /// </summary>
    private IEnumerable<AuditFinding> CheckLpLoss(AutoDeleverageStarted e, LpLossTrigger loss, PositionState before)
    {
        var (day, borne) = _lpLoss.GetValueOrDefault(e.Market);
        var recorded = day == loss.Since ? borne : 0;
        if (loss.MaxLpLossPerDay != before.Parameters.LpLossLimit() || !loss.Fired(e.PoolValue))
            yield return new AuditFinding("adl-lp-loss-triggered", $"an exhausted fund and a loss above {before.Parameters.LpLossLimit()} of {e.PoolValue}",
                $"loss {loss.DayLoss} + max(0, {loss.PendingShortfall} − fund {loss.InsuranceFund}) against {loss.MaxLpLossPerDay}");
        // The day is the round's price's; the reduction is recorded while that price is fresh, so just after midnight it may fall in the next.
        if (AdlWatch.DayOf(loss.Since) != loss.Since || e.At < loss.Since || e.At >= loss.Since.AddDays(1) + PriceFreshness || loss.DayLoss > recorded
            || loss.DayLoss < 0 || loss.PendingShortfall < 0)
            yield return new AuditFinding("adl-lp-loss", $"at most the {recorded} of bad debt the pool recorded on the UTC day {loss.Since:yyyy-MM-dd}",
                $"{loss.DayLoss} since {loss.Since:O}");
    }
}
