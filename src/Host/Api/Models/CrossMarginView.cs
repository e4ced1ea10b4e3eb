using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api.Models;

/// <summary>
/// <c>GET /accounts/{id}/margin</c>: cross equity (maintenance weights, full uPnL), initial equity
/// and requirement, withdrawal equity (gains as 0), maintenance requirement, free margin = initial
/// equity − initial requirement, health = equity / maintenance requirement (null without one), each
/// asset's weighted value, each cross position's contribution, and per market the price at which the
/// account reaches maintenance with every other price held where it is (<c>liquidationPrice</c>,
/// <c>move</c> as a fraction of the price now; null when that market's price alone cannot).
/// <c>unpriced</c> names markets without a fresh price, left out of the sums.
/// </summary>
public sealed record CrossMarginView(
    AccountId AccountId,
    decimal Equity,
    decimal InitialEquity,
    decimal WithdrawalEquity,
    decimal InitialRequirement,
    decimal MaintenanceRequirement,
    decimal FreeMargin,
    decimal? Health,
    IReadOnlyList<CrossAssetValue> Assets,
    IReadOnlyList<CrossPositionValue> Positions,
    IReadOnlyList<LiquidationMove> LiquidationMoves,
    string? Unpriced)
{
    public static CrossMarginView Of(CrossMarginResponse m) =>
        new(m.AccountId, m.Equity, m.InitialEquity, m.WithdrawalEquity, m.InitialRequirement, m.MaintenanceRequirement, m.FreeMargin,
            m.Health, m.Assets, m.Positions, m.LiquidationMoves, m.Unpriced);
}
