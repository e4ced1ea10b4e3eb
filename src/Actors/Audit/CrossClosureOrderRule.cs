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
/// (review, CONFIRMED). An order the position refused and later took (a copy re-sent before the
/// refusal landed) still names its order, so it is not named.
/// </summary>
public sealed class CrossClosureOrderRule
{
    public const string Rule = "cross-liquidation-order";

    private readonly Dictionary<TransferId, CrossPositionLiquidationOrdered> _orders = [];

    public void Ordered(CrossPositionLiquidationOrdered order) => _orders.TryAdd(order.SettleTransfer, order);

    public AuditFinding? Check(CrossLiquidationStarted e, PositionState before)
    {
        if (_orders.GetValueOrDefault(e.SettleTransfer) is { } o && o.AccountId == e.AccountId && before.Account == e.AccountId
            && o.Liquidation == e.Liquidation && o.PositionId == e.PositionId && o.Fraction == e.Fraction && o.Mark == e.Mark
            && o.Liquidator == e.Liquidator && o.ChargeCap == e.ChargeCap)
            return null;
        return new AuditFinding(Rule, $"an order of {e.AccountId}'s liquidation {e.Liquidation} under {e.SettleTransfer} to close {e.Fraction} of {e.PositionId} at {e.Mark.Price}",
            _orders.GetValueOrDefault(e.SettleTransfer) is { } other
                ? $"an order to close {other.Fraction} of {other.PositionId} at {other.Mark.Price} for {other.AccountId}"
                : "no such order");
    }
}
