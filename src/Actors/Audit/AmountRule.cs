using LeverageActors.Actors.Common;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Every amount a trader's request put in the journal is one the engine takes from a caller
/// (<see cref="AmountRules"/>: positive, exact to money's places, at most a trillion). The fold adds
/// and takes recorded amounts as they are, and the other rules compare them with each other: a
/// forged withdrawal of a negative amount was a deposit that balanced every total, and no rule
/// named it (a review).
/// </summary>
public static class AmountRule
{
    public static AuditFinding? Check(ILeverageEvent evt) => evt switch
    {
        FundsDeposited e => Of("deposit", e.Amount),
        FundsWithdrawn e => Of("withdrawal", e.Amount),
        AssetDepositStarted e => Of("asset deposit", e.Amount),
        AssetDeposited e => Of("asset deposit", e.Amount),
        AssetWithdrawn e => Of("asset withdrawal", e.Amount),
        PoolDepositStarted e => Of("pool deposit", e.Amount),
        PoolWithdrawalStarted e => AmountRules.CheckShares(e.Shares) is { } wrong ? Found("pool withdrawal's shares", wrong) : null,
        PositionOpenRequested e => Of("open's collateral", e.Collateral),
        CollateralIncreaseRequested e => Of("collateral added", e.Amount),
        CollateralDecreaseRequested e => Of("collateral removed", e.Amount),
        // Whoever asks (its owner, a trigger, a deleverage), a settlement takes a part of the position, never more, never less than nothing.
        PositionSettlementRequested e when e.Fraction is <= 0 or > 1 =>
            new AuditFinding("amount", "a settlement's fraction above 0 and at most 1", $"{e.Fraction}"),
        TriggerPlaced e when e.TriggerPrice <= 0 || e.Fraction is <= 0 or > 1 =>
            new AuditFinding("amount", "a trigger at a positive price for a fraction above 0 and at most 1", $"at {e.TriggerPrice} for {e.Fraction}"),
        _ => null,
    };

    private static AuditFinding? Of(string what, decimal amount) => AmountRules.Check(amount, what) is { } wrong ? Found(what, wrong) : null;

    private static AuditFinding Found(string what, Rejection wrong) =>
        new("amount", $"a {what} the engine would take from a trader", wrong.Message);
}
