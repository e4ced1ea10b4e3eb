using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;

namespace LeverageActors.Actors.Accounts.Liquidation;

/// <summary>
/// When a cross account is liquidated and what its liquidation does next, as a pure function of the
/// account and one mark per market (issue 16 item 3; README "Account liquidation"). Liquidatable:
/// maintenance equity below the maintenance requirement, or, with no cross position left, below
/// zero with a USD debt. Over: maintenance equity covers Σ notional × (mmr + buffer) with positions
/// left, or no position and no debt. In between, one step at a time: close cross positions first
/// (<see cref="PositionClosure"/>), then sell collateral for the debt (<see cref="CollateralSale"/>),
/// (after a declined sale, no new one before <see cref="CollateralSale.BackOff"/> has passed),
/// then ask the pools for what is still owed (<see cref="ShortfallSplit"/>), once: what they could
/// not pay stays the account's debt when the liquidation ends (<see cref="AccountState.DebtLeftByPools"/>).
/// With no cross position left, collateral whose market's price came inside a circuit breaker's
/// halt (<c>halted</c>) is not sold, and the pools are not asked while any is left: a price the
/// breaker doubts (a spike) is no price to sell at; a sale at it handed the liquidator a third of
/// the account's ETH more than the fair price would (a review). Other collateral is sold as ever,
/// so a trace of a halted coin deposited during the liquidation holds nothing up (its review).
/// Positions are still closed through a halt: that takes risk off.
/// </summary>
public static class AccountLiquidation
{
    public static bool Liquidatable(AccountState a, IReadOnlyList<MarketMark> marks, IReadOnlyCollection<MarketId>? halted = null)
    {
        var value = CrossMargin.Of(a, marks, CrossValuation.Maintenance);
        if (value.Unpriced is not null)
            return false;
        // A debt the pools were already asked for and could not pay is not asked again until it grows or there is something to sell;
        // nor are they asked, or a liquidation started, while collateral left waits for a price after its halt.
        return a.CrossPositions.IsEmpty
            ? a.FreeBalance < 0 && value.Equity < 0
                && (CollateralSale.Next(a, marks, halted) is not null || HaltedCollateral(a, halted) is null && -a.FreeBalance > a.DebtLeftByPools)
            : value.Equity < value.Requirement;
    }

    /// <summary>What the open liquidation does at <paramref name="marks"/>, checked at <paramref name="at"/>.</summary>
    public static LiquidationDecision Next(AccountState a, IReadOnlyList<MarketMark> marks, DateTimeOffset at, IReadOnlyCollection<MarketId>? halted = null)
    {
        var value = CrossMargin.Of(a, marks, CrossValuation.Maintenance);
        if (value.Unpriced is { } missing)
            return new WaitForPrices(missing);
        // A step's cap is the account's value now: an owner's close still to settle would take its fee from it after (review).
        if (a.Liquidation is { ChargesCapped: true } && !a.PendingDraws.IsEmpty)
            return new WaitForSettlements();
        if (!a.CrossPositions.IsEmpty)
        {
            var buffered = a.CrossPositions.Values.Sum(p => Notional(p, marks) * Target(p, a.Catalog.Find(p.Terms.Market), marks));
            return value.Equity >= buffered
                ? new EndLiquidation()
                : PositionClosure.Next(a, marks, value.Equity, buffered);
        }

        if (a.FreeBalance >= 0)
            return new EndLiquidation();
        if (CollateralSale.Next(a, marks, halted) is { } sale)
            return a.Liquidation?.NextSaleAt is { } until && at < until ? new WaitForLiquidator(until) : sale;
        // Not the pools' cover of what a sale would have paid, while collateral is left whose price is doubted.
        if (HaltedCollateral(a, halted) is { } doubted)
            return new WaitForPrices($"{doubted} is halted by its circuit breaker");
        return a.Liquidation is { PoolsAsked: true } ? new EndLiquidation() : ShortfallSplit.Of(a, -a.FreeBalance);
    }

    internal static decimal Notional(CrossPosition p, IReadOnlyList<MarketMark> marks) =>
        p.Terms.Quantity * CrossMargin.Mark(marks, p.Terms.Market)!.Price;

    /// <summary>The rate a position's notional must be covered at to end the liquidation: mmr (the one in force, if higher) + the market's buffer.</summary>
    internal static decimal Target(CrossPosition p, MarketParameters? market, IReadOnlyList<MarketMark> marks) =>
        CrossMargin.MaintenanceRate(p.Terms, CrossMargin.Mark(marks, p.Terms.Market)) + (market ?? new MarketParameters()).LiquidationBuffer;

    /// <summary>The market of collateral the account holds whose price came inside a halt, or null.</summary>
    private static MarketId? HaltedCollateral(AccountState a, IReadOnlyCollection<MarketId>? halted)
    {
        if (halted is not { Count: > 0 })
            return null;
        foreach (var (asset, holding) in a.Holdings)
            if (holding.Balance > 0 && a.Collateral.Find(asset) is { } collateral && halted.Contains(collateral.Market))
                return collateral.Market;
        return null;
    }
}
