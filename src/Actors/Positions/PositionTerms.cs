using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;
using LeverageActors.Actors.Common;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// The terms of a new position (DESIGN §2): notional = collateral × leverage, quantity =
/// notional / entry, reserved = notional − collateral, opening fee on the notional. Leverage has at
/// most two decimal places, the notional is at least the market's minimum, and the position borrows
/// something: nothing can be opened that takes capacity without risk.
/// </summary>
public sealed record PositionTerms(decimal Notional, decimal Quantity, decimal Reserved, decimal OpenFee)
{
    /// <summary>The terms, or why the request cannot open a position.</summary>
    public static (PositionTerms? Terms, Rejection? Refusal) For(OpenPosition c, MarketParameters? p)
    {
        var (size, refusal) = Size(c.Market, c.Collateral, c.Leverage, p, c.InitialMarginRate, c.Price);
        return size is { } s ? (new PositionTerms(s.Notional, s.Notional / c.Price, s.Reserved, s.OpenFee), null) : (null, refusal);
    }

    /// <summary>
    /// An open's notional, borrowed amount and fee, which its price does not change, or why it cannot
    /// open; <paramref name="price"/> is checked when given (a request waiting for its price has none yet).
    /// </summary>
    public static ((decimal Notional, decimal Reserved, decimal OpenFee)? Size, Rejection? Refusal) Size(
        MarketId market, decimal collateral, decimal leverage, MarketParameters? p, decimal? initialMarginRate = null, decimal? price = null)
    {
        if (p is null)
            return (null, new Rejection(RejectionCodes.UnknownMarket, $"Market {market} is not traded here."));
        if (leverage <= 1 || leverage > p.MaxLeverage)
            return (null, new Rejection(RejectionCodes.InvalidLeverage,
                $"Leverage must be above 1 and at most {p.MaxLeverage} on {market}, got {leverage}."));
        if (initialMarginRate is { } initial && initial > 0 && leverage * initial > 1)
            return (null, new Rejection(RejectionCodes.AboveMarginRequirement,
                $"{market}'s volatility requires an initial margin of {initial:0.######} now: leverage at most {MaxLeverageAt(initial)}, got {leverage}."));
        // Unlimited places let notional − collateral round to nothing: a position that borrows
        // nothing takes open-interest capacity at no risk.
        if (decimal.Round(leverage, MarketParameters.LeveragePlaces) != leverage)
            return (null, new Rejection(RejectionCodes.InvalidLeverage,
                $"Leverage has at most {MarketParameters.LeveragePlaces} decimal places, got {leverage}."));
        if (price <= 0)
            return (null, new Rejection(RejectionCodes.InvalidPrice, $"Price must be positive, got {price}."));
        if (AmountRules.Check(collateral, "collateral") is { } invalid)
            return (null, invalid);

        var notional = Money.Payout(collateral * leverage);
        if (notional < p.MinNotional)
            return (null, new Rejection(RejectionCodes.PositionTooSmall,
                $"A position on {market} is at least {p.MinNotional} of notional; {collateral} at {leverage}x is {notional}."));
        // A price so small that notional / price is past decimal's range (a feed gone wrong) would throw in
        // the decision and restart the position at every retry (a review): the open is refused instead.
        if (price is { } at && at < notional / decimal.MaxValue * 2)
            return (null, new Rejection(RejectionCodes.InvalidPrice, $"At {at}, {notional} of notional is more units of {market} than can be counted."));
        var reserved = notional - collateral;
        if (reserved <= 0)
            return (null, new Rejection(RejectionCodes.PositionTooSmall, $"{collateral} at {leverage}x borrows nothing from the pool."));
        var fee = Money.Charge(notional * p.OpenFeeRate);
        if (fee >= collateral)
            return (null, new Rejection(RejectionCodes.InvalidAmount, $"Collateral {collateral} does not cover the opening fee {fee}."));
        return ((notional, reserved, fee), null);
    }

    /// <summary>1 / imr, to the places leverage is asked with, rounded down.</summary>
    private static decimal MaxLeverageAt(decimal initialMarginRate) =>
        Math.Round(1m / initialMarginRate, MarketParameters.LeveragePlaces, MidpointRounding.ToZero);
}
