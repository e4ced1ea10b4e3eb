using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// A cross position's liquidation carries out an order of its account's liquidation: every
/// <see cref="CrossLiquidationStarted"/> must name a <see cref="CrossPositionLiquidationOrdered"/>
/// written before it, by the position's own account, under the same transfer, with the same
/// liquidation, position, fraction, mark, liquidator and cap. The account's order is where the audit
/// proves the account was below maintenance; without this rule one row appended to a healthy
/// position's stream closed it as a liquidation, paid the named liquidator and balanced the books
/// (review, CONFIRMED). Each order is carried out once, at its own time (a start copies the order's
/// <c>At</c>), and never once the position refused it: a forger reusing an order, or one refused in
/// an old dip, closed a healthy position at the old mark (review of the rule, CONFIRMED). A copy of
/// an order re-sent before the position's refusal reached the account, and taken after the owner's
/// close that caused the refusal, is named too: that race leaves the position closed under a step
/// its account had ended, which an auditor should see.
/// </summary>
public sealed class CrossClosureOrderRule
{
    public const string Rule = "cross-liquidation-order";

    private readonly Dictionary<TransferId, CrossPositionLiquidationOrdered> _orders = [];
    private readonly HashSet<TransferId> _refused = [];
    private readonly HashSet<TransferId> _carriedOut = [];

    public void Ordered(CrossPositionLiquidationOrdered order) => _orders.TryAdd(order.SettleTransfer, order);

    /// <summary>A refusal recorded after the position started the same order (the race above, its rows the other way round) is named.</summary>
    public AuditFinding? Refused(CrossPositionLiquidationRefused refusal)
    {
        _refused.Add(refusal.SettleTransfer);
        return _carriedOut.Contains(refusal.SettleTransfer)
            ? new AuditFinding(Rule, $"no refusal of {refusal.SettleTransfer}, which {refusal.PositionId} had started", "a refusal after the start")
            : null;
    }

    public AuditFinding? Check(CrossLiquidationStarted e, PositionState before)
    {
        var expected = $"an order of {e.AccountId}'s liquidation {e.Liquidation} under {e.SettleTransfer} to close {e.Fraction} of {e.PositionId} at {e.Mark.Price}, not yet carried out nor refused";
        if (_orders.GetValueOrDefault(e.SettleTransfer) is not { } o)
            return new AuditFinding(Rule, expected, "no such order");
        if (_refused.Contains(e.SettleTransfer) || !_carriedOut.Add(e.SettleTransfer))
            return new AuditFinding(Rule, expected, _refused.Contains(e.SettleTransfer) ? "an order the position had refused" : "an order already carried out");
        return o.AccountId == e.AccountId && before.Account == e.AccountId && o.Liquidation == e.Liquidation && o.PositionId == e.PositionId
               && o.Fraction == e.Fraction && o.Mark == e.Mark && o.Liquidator == e.Liquidator && o.ChargeCap == e.ChargeCap && o.At == e.At
            ? null
            : new AuditFinding(Rule, expected, $"an order to close {o.Fraction} of {o.PositionId} at {o.Mark.Price} for {o.AccountId} at {o.At:O}");
    }
}
