namespace LeverageActors.Actors.Risk.Cross;

/// <summary>
/// Splits a cross account's surplus S into one price band per market it is exposed to. With
/// sensitivities L_k the surplus at new prices is at least S − Σ L_k·|Δp_k|, so any allowances a_k
/// with Σ L_k·a_k ≤ S keep it non-negative while every |Δp_k| ≤ a_k. The split gives every market
/// the same relative move r = S / Σ L_k·p_k (a 3% band in ETH and in BTC alike), so no market's
/// band is needlessly thin. Each allowance is cut to 12 decimals and then one more unit of the
/// twelfth, so decimal rounding can only narrow a band: a narrower band costs a spurious check,
/// a wider one could miss a breach.
/// </summary>
public static class CrossBands
{
    private const int Places = 12;
    private const decimal Unit = 0.000000000001m;

    /// <summary>No band for a market the account cannot lose in; a single-price band everywhere when it has no surplus left.</summary>
    public static IReadOnlyList<CrossBand> Of(CrossExposure exposure)
    {
        var exposed = exposure.Markets.Where(m => m.Sensitivity > 0).ToList();
        var weighted = exposed.Sum(m => m.Sensitivity * m.Price);
        if (exposure.Surplus <= 0 || weighted <= 0)
            return exposure.Surplus <= 0 ? [.. exposed.Select(m => new CrossBand(m.Market, m.Price, m.Price))] : [];
        var relative = exposure.Surplus / weighted;
        return
        [
            .. exposed.Select(m =>
            {
                var allowance = Math.Max(0m, Math.Round(relative * m.Price, Places, MidpointRounding.ToZero) - Unit);
                return new CrossBand(m.Market, m.Price - allowance, m.Price + allowance);
            }),
        ];
    }
}
