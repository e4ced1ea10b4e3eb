using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Accounts.Liquidation;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Every account liquidation decided again from the account as it stood before the event and the
/// marks the event recorded (each an accepted oracle price of that number): a start only where
/// <see cref="AccountLiquidation.Liquidatable"/> holds, with the equity and requirement it gives;
/// each step (closure, sale, shortfall, end) exactly the one the account's rule takes there, so no
/// sale is offered before the back-off after a declined one, a sale's price is the mark × (1 − the asset's bonus) (nearer the mark where the
/// liquidation caps its charges at the account's <see cref="LiquidationValue"/>, as is each closure's fee and penalty) and a shortfall's shares are in proportion.
/// </summary>
public static class AccountLiquidationRule
{
    public static IEnumerable<AuditFinding> Check(ILeverageEvent evt, AccountState before, PriceRules prices)
    {
        if (before.Liquidation is { } open && SpendOf(evt) is { } spend)
            yield return new AuditFinding("account-liquidation", $"nothing leaving the account while its liquidation {open.Number} runs", spend);
        switch (evt)
        {
            case AccountLiquidationStarted e:
                foreach (var wrong in CrossMarginRule.Marks(e.Marks, prices, e.At, CrossMarginRule.Valued(before), whenWritten: true))
                    yield return wrong;
                var value = CrossMargin.Of(before, e.Marks, CrossValuation.Maintenance);
                if (before.Liquidation is not null || e.Liquidation != before.Liquidations + 1 || !AccountLiquidation.Liquidatable(before, e.Marks, prices.Halted(e.Marks))
                    || value.Equity != e.Equity || value.Requirement != e.Requirement)
                    yield return new AuditFinding("account-liquidation",
                        $"a start where maintenance equity {value.Equity} is below the requirement {value.Requirement} (or below zero with a debt and no position), no liquidation open",
                        $"liquidation {e.Liquidation} started at equity {e.Equity}, requirement {e.Requirement}");
                break;
            case CrossPositionLiquidationOrdered e:
                foreach (var wrong in Step(e, e.Marks, before, prices, e.Liquidator,
                             x => x is CrossPositionLiquidationOrdered o && o.Step == e.Step && o.SettleTransfer == e.SettleTransfer
                                  && o.PositionId == e.PositionId && o.Fraction == e.Fraction && o.Mark == e.Mark && o.ChargeCap == e.ChargeCap))
                    yield return wrong;
                break;
            case CollateralSaleOrdered e:
                foreach (var wrong in Step(e, e.Marks, before, prices, e.Liquidator,
                             x => x is CollateralSaleOrdered o && o.Step == e.Step && o.TransferId == e.TransferId && o.Asset == e.Asset
                                  && o.Quantity == e.Quantity && o.Mark == e.Mark && o.Bonus == e.Bonus && o.Price == e.Price && o.Proceeds == e.Proceeds))
                    yield return wrong;
                break;
            case AccountShortfallOrdered e:
                foreach (var wrong in Step(e, e.Marks, before, prices, before.Id,
                             x => x is AccountShortfallOrdered o && o.Step == e.Step && o.Shortfall == e.Shortfall && o.Shares.SequenceEqual(e.Shares)))
                    yield return wrong;
                break;
            case AccountLiquidationEnded e:
                foreach (var wrong in Step(e, e.Marks, before, prices, before.Id, x => x is AccountLiquidationEnded))
                    yield return wrong;
                break;
        }
    }

    private static IEnumerable<AuditFinding> Step(IAccountLiquidationEvent recorded, IReadOnlyList<MarketMark> marks, AccountState before, PriceRules prices,
        Messages.Ids.AccountId liquidator, Func<IAccountLiquidationEvent, bool> same)
    {
        foreach (var wrong in CrossMarginRule.Marks(marks, prices, recorded.At, CrossMarginRule.Valued(before), whenWritten: true))
            yield return wrong;
        if (before.Liquidation is { InFlight: not null })
            yield return new AuditFinding("account-liquidation", "a step once the one before it was answered", $"{recorded.GetType().Name} with a step in flight");
        else if (before.StepAt(marks, liquidator, recorded.At, prices.Halted(marks)) is not { } expected || !same(expected))
            yield return new AuditFinding("account-liquidation",
                $"the step the rule takes at the recorded marks: {Describe(before.StepAt(marks, liquidator, recorded.At, prices.Halted(marks)))}",
                Describe(recorded));
    }

    private static string Describe(IAccountLiquidationEvent? e) => e switch
    {
        null => "none (no liquidation open, a market unpriced, held collateral's market halted with no position left, or the back-off after a declined sale)",
        CrossPositionLiquidationOrdered o => $"close {o.Fraction} of {o.PositionId} at {o.Mark.Price}{(o.ChargeCap is { } cap ? $", fee and penalty at most {cap}" : "")}",
        CollateralSaleOrdered o => $"sell {o.Quantity} {o.Asset} at {o.Price} (mark {o.Mark.Price}, bonus {o.Bonus}) for {o.Proceeds}",
        AccountShortfallOrdered o => $"cover {o.Shortfall}: {string.Join(", ", o.Shares.Select(s => $"{s.Market} {s.Amount}"))}",
        AccountLiquidationEnded => "the end",
        _ => e.GetType().Name,
    };

    /// <summary>
    /// A spend the account refuses while it is liquidated: a withdrawal, an LP deposit, a lock or a
    /// cross admission. Its charges were capped at a value counting these funds; a forged one after
    /// the start took them out from under the cap, and the pools paid the difference (a review).
    /// </summary>
    private static string? SpendOf(ILeverageEvent evt) => evt switch
    {
        FundsWithdrawn e => $"a withdrawal of {e.Amount}",
        AssetWithdrawn e => $"a withdrawal of {e.Amount} {e.Asset}",
        PoolDepositStarted e => $"a deposit of {e.Amount} into pool {e.Market}",
        CollateralLocked e => $"{e.Amount} locked for {e.PositionId}",
        CrossPositionAdmitted e => $"cross position {e.PositionId} admitted",
        _ => null,
    };
}
