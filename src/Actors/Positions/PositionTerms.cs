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
        if (p is null)
            return (null, new Rejection(RejectionCodes.UnknownMarket, $"Market {c.Market} is not traded here."));
        if (c.Leverage <= 1 || c.Leverage > p.MaxLeverage)
            return (null, new Rejection(RejectionCodes.InvalidLeverage,
                $"Leverage must be above 1 and at most {p.MaxLeverage} on {c.Market}, got {c.Leverage}."));
        if (c.InitialMarginRate is { } initial && initial > 0 && c.Leverage * initial > 1)
            return (null, new Rejection(RejectionCodes.AboveMarginRequirement,
                $"{c.Market}'s volatility requires an initial margin of {initial:0.######} now: leverage at most {MaxLeverageAt(initial)}, got {c.Leverage}."));
        // Unlimited places let notional − collateral round to nothing: a position that borrows
        // nothing takes open-interest capacity at no risk.
        if (decimal.Round(c.Leverage, MarketParameters.LeveragePlaces) != c.Leverage)
            return (null, new Rejection(RejectionCodes.InvalidLeverage,
                $"Leverage has at most {MarketParameters.LeveragePlaces} decimal places, got {c.Leverage}."));
        if (c.Price <= 0)
            return (null, new Rejection(RejectionCodes.InvalidPrice, $"Price must be positive, got {c.Price}."));
        if (AmountRules.Check(c.Collateral, "collateral") is { } invalid)
            return (null, invalid);

        var notional = Money.Payout(c.Collateral * c.Leverage);
        if (notional < p.MinNotional)
            return (null, new Rejection(RejectionCodes.PositionTooSmall,
                $"A position on {c.Market} is at least {p.MinNotional} of notional; {c.Collateral} at {c.Leverage}x is {notional}."));
        var reserved = notional - c.Collateral;
        if (reserved <= 0)
            return (null, new Rejection(RejectionCodes.PositionTooSmall, $"{c.Collateral} at {c.Leverage}x borrows nothing from the pool."));
        var fee = Money.Charge(notional * p.OpenFeeRate);
        if (fee >= c.Collateral)
            return (null, new Rejection(RejectionCodes.InvalidAmount, $"Collateral {c.Collateral} does not cover the opening fee {fee}."));
        return (new PositionTerms(notional, notional / c.Price, reserved, fee), null);
    }

    /// <summary>1 / imr, to the places leverage is asked with, rounded down.</summary>
    private static decimal MaxLeverageAt(decimal initialMarginRate) =>
        Math.Round(1m / initialMarginRate, MarketParameters.LeveragePlaces, MidpointRounding.ToZero);
}
