using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// An account's cross margin as a pure function of its state and one mark per market:
/// equity = USD (with what is in flight to a cross settlement) + Σ asset balance × price × weight + Σ cross positions' (uPnL − interest − funding − closing fee),
/// requirement = Σ notional × rate, the weights and rate of the <see cref="CrossValuation"/>. Every
/// position and asset of a market is valued at that market's one mark, so an ETH long on ETH
/// collateral loses on both at once. Profit counts only up to the position's reserved amount, which
/// is all the pool can pay it. Nothing is rounded: the decision compares exact sums.
/// </summary>
public static class CrossMargin
{
    public sealed record Value(decimal Equity, decimal Requirement, string? Unpriced)
    {
        public bool Covers => Unpriced is null && Equity >= Requirement;
    }

    /// <summary>The markets whose marks <see cref="Of"/> values the account at, while it holds cross positions; null when it holds none.</summary>
    public static IReadOnlyList<MarketId>? MarkedBy(AccountState a) =>
        a.CrossPositions.IsEmpty
            ? null
            : a.Holdings.Where(h => h.Value.Balance != 0).Select(h => a.Collateral.Find(h.Key)?.Market).OfType<MarketId>()
                .Concat(a.CrossPositions.Values.Select(p => p.Terms.Market))
                .Distinct().OrderBy(m => m.Value, StringComparer.Ordinal).ToList();

    public static Value Of(AccountState a, IReadOnlyList<MarketMark>? marks, CrossValuation kind)
    {
        var equity = a.FreeBalance + a.PendingDrawn;
        var requirement = 0m;
        var unpriced = new List<string>();
        foreach (var (id, holding) in a.Holdings.Where(h => h.Value.Balance != 0))
        {
            // An asset no longer configured is worth nothing to the margin: the cautious reading.
            if (a.Collateral.Find(id) is not { } asset)
                continue;
            if (Mark(marks, asset.Market) is not { } mark)
            {
                unpriced.Add(asset.Market.Value);
                continue;
            }

            equity += holding.Balance * mark.Price * Weight(asset.Parameters, kind);
        }

        foreach (var (_, position) in a.CrossPositions)
        {
            if (Mark(marks, position.Terms.Market) is not { } mark)
            {
                unpriced.Add(position.Terms.Market.Value);
                continue;
            }

            var part = Contribution(position, mark, kind);
            equity += part.Contribution;
            requirement += kind == CrossValuation.Maintenance ? part.MaintenanceRequirement : part.InitialRequirement;
        }

        return new Value(equity, requirement, unpriced.Count == 0 ? null : string.Join(", ", unpriced.Distinct().Order(StringComparer.Ordinal)));
    }

    /// <summary>
    /// One cross position at its market's mark: uPnL (capped at reserved) − interest − funding − closing
    /// fee; for a withdrawal, gains and funding owed to it count as 0.
    /// </summary>
    public static CrossPositionValue Contribution(CrossPosition position, MarketMark mark, CrossValuation kind, PositionId id = default)
    {
        var t = position.Terms;
        var pnl = Math.Min(SettlementMath.RawPnl(t.Side, t.Quantity, t.EntryPrice, mark.Price), t.Reserved);
        var funding = FundingOwed(position, mark);
        if (kind == CrossValuation.Withdrawal)
            (pnl, funding) = (Math.Min(pnl, 0m), Math.Max(funding, 0m));
        var interest = position.BorrowIndexAtOpen is { } open ? BorrowRateModel.InterestOwed(t.Reserved, open, mark.BorrowIndex) : 0m;
        var notional = t.Quantity * mark.Price;
        var closeFee = notional * t.CloseFeeRate;
        return new CrossPositionValue(id, t.Market, t.Side, t.Quantity, t.EntryPrice, mark.Price, pnl, interest, closeFee,
            pnl - interest - funding - closeFee, notional, notional * InitialRate(t, mark), notional * MaintenanceRate(t, mark))
        {
            Funding = funding,
        };
    }

    /// <summary>What the position owes (positive) or is owed (negative) in funding at the mark's index; 0 where either index is unknown.</summary>
    public static decimal FundingOwed(CrossPosition position, MarketMark mark) =>
        position.FundingIndexAtOpen is { } open && mark.Funding is { } now
            ? FundingMath.Owed(position.Terms.Quantity, position.Terms.EntryPrice, open, now.Of(position.Terms.Side))
            : 0m;

    /// <summary>
    /// The initial rate a cross position is held to at <paramref name="mark"/>: its own, or the dynamic
    /// margin's in force when higher (an open, a withdrawal and a new admission all need it, as an
    /// isolated position's collateral removal does).
    /// </summary>
    public static decimal InitialRate(CrossTerms t, MarketMark? mark) => Positions.MarginRates.Initial(t.InitialMarginRate, mark?.Margin?.Initial);

    /// <summary>
    /// The maintenance rate an account is liquidated at: its own, or the dynamic margin's liquidation
    /// rate when higher, which a rise leaves at the old one during its grace, as for an isolated position.
    /// </summary>
    public static decimal MaintenanceRate(CrossTerms t, MarketMark? mark) => Positions.MarginRates.Liquidation(t.MaintenanceMarginRate, mark?.Margin);

    /// <summary>
    /// Whether <paramref name="usd"/> of USD and <paramref name="amount"/> of <paramref name="asset"/>
    /// may leave an account that has held cross positions: USD must not go below zero (a debt is repaid first), and withdrawal equity
    /// after must cover the initial requirement at <paramref name="marks"/> while it holds any. An account that never held
    /// a cross position is never vetoed here.
    /// </summary>
    public static Rejection? VetoSpend(AccountState a, IReadOnlyList<MarketMark>? marks, decimal usd, AssetId? asset = null, decimal amount = 0m)
    {
        if (!a.HeldCross)
            return null;
        var after = Less(a, usd, asset, amount);
        if (after.FreeBalance < 0)
            return Breach($"USD would be {after.FreeBalance}: a cross account's USD debt must be repaid before anything leaves it.");
        if (a.CrossPositions.IsEmpty)
            return null;
        if (marks is null)
            return Breach("The account holds cross positions: a withdrawal needs every market's price to value it, and none came with it.");
        var value = Of(after, marks, CrossValuation.Withdrawal);
        return value.Unpriced is { } missing
            ? Breach($"No price for {missing} to value the account's cross margin.")
            : value.Equity < value.Requirement
                ? Breach($"Cross equity would be {value.Equity:0.######} (unrealised gains not counted), below the initial requirement {value.Requirement:0.######}.")
                : null;
    }

    /// <summary>
    /// Whether the account admits a cross position of <paramref name="terms"/>: its opening fee comes
    /// from USD, and initial equity with the position (valued at its own entry's mark) must cover the
    /// initial requirement with it. Returns the account as it would be, and the two sums decided on.
    /// </summary>
    public static (Rejection? Refusal, decimal Equity, decimal Requirement) Admit(
        AccountState a, PositionId id, CrossTerms terms, decimal fee, IReadOnlyList<MarketMark> marks)
    {
        if (fee > a.FreeBalance)
            return (new Rejection(RejectionCodes.InsufficientBalance,
                $"The opening fee {fee} is paid in USD; the free USD balance is {a.FreeBalance}."), 0m, 0m);
        var value = Of(Admitted(a, id, terms, fee), marks, CrossValuation.Initial);
        if (value.Unpriced is { } missing)
            return (new Rejection(RejectionCodes.InsufficientCrossMargin, $"No price for {missing} to value the account's cross margin."), 0m, 0m);
        return value.Equity < value.Requirement
            ? (new Rejection(RejectionCodes.InsufficientCrossMargin,
                $"Cross equity with the position would be {value.Equity:0.######}, below the initial requirement {value.Requirement:0.######}."),
                value.Equity, value.Requirement)
            : (null, value.Equity, value.Requirement);
    }

    /// <summary>The account without <paramref name="usd"/> of USD and <paramref name="amount"/> of <paramref name="asset"/>.</summary>
    public static AccountState Less(AccountState a, decimal usd, AssetId? asset = null, decimal amount = 0m)
    {
        var after = a with { FreeBalance = a.FreeBalance - usd };
        return asset is { } spent && amount != 0
            ? after with { Holdings = after.Holdings.SetItem(spent, after.Holding(spent).Withdraw(amount)) }
            : after;
    }

    /// <summary>The account once it has admitted a cross position of <paramref name="terms"/> and taken its fee.</summary>
    public static AccountState Admitted(AccountState a, PositionId id, CrossTerms terms, decimal fee) => a with
    {
        FreeBalance = a.FreeBalance - fee,
        CrossPositions = a.CrossPositions.SetItem(id, new CrossPosition(terms)),
    };

    /// <summary>Cross equity less the requirement, <paramref name="kind"/> at <paramref name="marks"/>; null when a market it needs is unpriced.</summary>
    public static decimal? Headroom(AccountState a, IReadOnlyList<MarketMark>? marks, CrossValuation kind) =>
        Of(a, marks, kind) is { Unpriced: null } value ? value.Equity - value.Requirement : null;

    public static MarketMark? Mark(IReadOnlyList<MarketMark>? marks, MarketId market) =>
        marks?.FirstOrDefault(m => m.Market == market);

    private static decimal Weight(Messages.Assets.CollateralParameters p, CrossValuation kind) =>
        kind == CrossValuation.Maintenance ? p.MaintenanceWeight : p.InitialWeight;

    private static Rejection Breach(string detail) => new(RejectionCodes.WithdrawalBreachesMargin, detail);
}
