namespace LeverageActors.Messages.Positions;

/// <summary>
/// Auto-deleveraging's second trigger (Hyperliquid after JELLY): the market's insurance fund cannot
/// cover the shortfall its underwater positions would leave at the round's price, and the LPs' loss
/// since <c>Since</c> (the UTC day's start) would pass <c>MaxLpLossPerDay</c> of the pool's value.
/// <c>DayLoss</c> is the bad debt the LPs already bore that day, <c>PendingShortfall</c> what the
/// underwater positions' collateral would not cover, <c>InsuranceFund</c> the fund before it; the LPs'
/// loss would be <see cref="Projected"/>. <c>MaxLpLossPerDay</c> is the position's parameter, stamped
/// by the position as it records the reduction (zero in the deleverager's command).
/// </summary>
public sealed record LpLossTrigger(DateTimeOffset Since, decimal DayLoss, decimal PendingShortfall, decimal InsuranceFund, decimal MaxLpLossPerDay = 0)
{
    // Methods, not properties: a property would be written into the event.
    public decimal Projected() => DayLoss + Math.Max(0, PendingShortfall - InsuranceFund);

    /// <summary>The fund cannot pay what the underwater positions would leave (an empty fund with nothing pending counts).</summary>
    public bool FundExhausted() => InsuranceFund <= PendingShortfall;

    public bool Fired(decimal poolValue) => FundExhausted() && Projected() > MaxLpLossPerDay * poolValue;
}
