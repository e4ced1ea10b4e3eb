using LeverageActors.Actors.Accounts;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Every cross-margin decision an account recorded, decided again from the account as it stood and
/// the marks the event recorded: each mark is the oracle's accepted price with its number; an
/// admission's equity and requirement are what the rule gives and the one covers the other; a spend
/// decided at marks leaves the account's withdrawal equity above its initial requirement. A draw and
/// a settlement are the ones the position asked for.
/// </summary>
public static class CrossMarginRule
{
    public static IEnumerable<AuditFinding> Check(ILeverageEvent evt, AccountState before, PriceRules prices, IAccountTransferCommand? asked)
    {
        switch (evt)
        {
            case CrossPositionAdmitted e:
                foreach (var wrong in Marks(e.Marks, prices, e.At, Valued(before, e.Terms.Market), whenWritten: false))
                    yield return wrong;
                if (asked is not AdmitCrossPosition a || a.PositionId != e.PositionId || a.Terms != e.Terms || a.OpenFee != e.OpenFee)
                    yield return new AuditFinding("transfer", $"an admission the position asked of {e.AccountId}", $"{e.TransferId}: {e.Terms}");
                var (refusal, equity, requirement) = CrossMargin.Admit(before, e.PositionId, e.Terms, e.OpenFee, e.Marks);
                if (refusal is not null || equity != e.Equity || requirement != e.Requirement)
                    yield return new AuditFinding("cross-admission", $"equity {equity} covering requirement {requirement} at the recorded marks",
                        refusal is null ? $"equity {e.Equity}, requirement {e.Requirement}" : $"{e.Equity} recorded where the rule refuses: {refusal.Message}");
                break;
            case CrossMarginDrawn e when asked is not DrawCrossMargin { } d || d.Amount != e.Amount || d.PositionId != e.PositionId:
                yield return new AuditFinding("transfer", $"a draw a position asked of {e.AccountId}", $"{e.TransferId}: {e.Amount}");
                break;
            case CrossPositionSettled e when asked is not SettleCrossPosition { } s || s.Payout != e.Payout || s.Fraction != e.Fraction || s.PositionId != e.PositionId:
                yield return new AuditFinding("transfer", $"a settlement a position reported to {e.AccountId}", $"{e.TransferId}: {e.Fraction} paying {e.Payout}");
                break;
        }

        if (Spend(evt, before) is { } veto)
            yield return veto;
        // A withdrawal is decided once, on the API's command of that moment; a lock or a deposit into a pool
        // may be a saga step its position or pool sends again after a restart, under its first date.
        if (MarksOf(evt) is ({ } marks, var at))
            foreach (var wrong in Marks(marks, prices, at, Valued(before), whenWritten: evt is FundsWithdrawn or AssetWithdrawn))
                yield return wrong;
    }

    /// <summary>The markets an account's cross valuation reads a mark of: its cross positions' and its assets' (and a position being admitted).</summary>
    internal static IReadOnlySet<MarketId> Valued(AccountState a, MarketId? admitting = null)
    {
        var markets = a.CrossPositions.Values.Select(p => p.Terms.Market)
            .Concat(a.Holdings.Where(h => h.Value.Balance != 0).Select(h => a.Collateral.Find(h.Key)?.Market).OfType<MarketId>())
            .ToHashSet();
        if (admitting is { } market)
            markets.Add(market);
        return markets;
    }

    /// <summary>A spend from an account holding cross positions must pass the veto the account applied.</summary>
    private static AuditFinding? Spend(ILeverageEvent evt, AccountState before)
    {
        if (!before.HeldCross)
            return null;
        var refusal = evt switch
        {
            FundsWithdrawn e => CrossMargin.VetoSpend(before, e.Marks, e.Amount),
            PoolDepositStarted e => CrossMargin.VetoSpend(before, e.Marks, e.Amount),
            CollateralLocked e => CrossMargin.VetoSpend(before, e.Marks, e.Amount),
            AssetWithdrawn e => CrossMargin.VetoSpend(before, e.Marks, 0m, e.Asset, e.Amount),
            _ => null,
        };
        return refusal is null ? null : new AuditFinding("cross-spend", "a spend cross margin allows at its recorded marks", refusal.Message);
    }

    private static (IReadOnlyList<MarketMark>? Marks, DateTimeOffset At) MarksOf(ILeverageEvent evt) => evt switch
    {
        FundsWithdrawn e => (e.Marks, e.At),
        PoolDepositStarted e => (e.Marks, e.At),
        CollateralLocked e => (e.Marks, e.At),
        AssetWithdrawn e => (e.Marks, e.At),
        _ => (null, default),
    };

    /// <summary>
    /// Each mark is its oracle's accepted price of that number, fresh at <paramref name="at"/> (within twice
    /// the market's price age and the clock skew between nodes, <see cref="PriceRules.FreshAt"/>), or, for a
    /// decision taken once and never sent again (<paramref name="whenWritten"/>: an account's liquidation, a
    /// withdrawal), at the time it was written if it is dated before the prices ahead of it
    /// (<see cref="PriceRules.WrittenNoEarlierThan"/>), with
    /// the margin in force with it: an old price's lower requirement, or a price a crash has left
    /// behind, cannot decide for the account.
    /// </summary>
    /// <remarks><paramref name="valued"/>: the markets the decision valued the account in; another market's mark counts for nothing, so its age does not matter.</remarks>
    internal static IEnumerable<AuditFinding> Marks(IReadOnlyList<MarketMark> marks, PriceRules prices, DateTimeOffset at, IReadOnlySet<MarketId> valued,
        bool whenWritten)
    {
        var written = whenWritten ? prices.WrittenNoEarlierThan(at) : at;
        foreach (var m in marks)
        {
            var accepted = prices.Number(m.Market, m.Sequence);
            if (accepted?.Price != m.Price)
                yield return new AuditFinding("cross-price", $"{m.Market}'s oracle price #{m.Sequence} ({accepted?.Price.ToString() ?? "none"})", $"{m.Price}");
            else if (valued.Contains(m.Market) && !prices.FreshAt(m.Market, accepted, written))
                yield return new AuditFinding("cross-price", $"a price of {m.Market} fresh at {written:O}{(written > at ? $" (written after the prices of then, though dated {at:O})" : "")}",
                    $"#{m.Sequence}, accepted at {accepted.At:O}");
            // A mark without one is an older node's (its positions' own rates); one with it must carry the one in force.
            else if (m.Margin is { } margin && prices.MarginAt(m.Market, m.Sequence, accepted.At) is var inForce && inForce != margin)
                yield return new AuditFinding("cross-margin-in-force", $"{m.Market}'s margin in force with price #{m.Sequence}: {inForce?.ToString() ?? "none"}",
                    $"{margin}");
        }
    }
}
