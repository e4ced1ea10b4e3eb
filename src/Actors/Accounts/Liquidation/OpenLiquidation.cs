using System.Collections.Immutable;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts.Liquidation;

/// <summary>
/// An account's liquidation between its start and its end: its number, the step it waits on (one at
/// a time; null between checks), and what its closures lost per market, which a shortfall is split by.
/// </summary>
public sealed record OpenLiquidation(int Number)
{
    public int Steps { get; init; }

    /// <summary>Its fees, penalties and sale discounts come only from the account's <see cref="LiquidationValue"/> (<see cref="AccountLiquidationStarted.ChargesCapped"/>).</summary>
    public bool ChargesCapped { get; init; }

    /// <summary>The pools were asked for the shortfall: what they could not pay is left with the account.</summary>
    public bool PoolsAsked { get; init; }

    public LiquidationStep? InFlight { get; init; }

    /// <summary>Collateral sales the liquidator declined in a row; a sale it makes resets the count.</summary>
    public int SalesDeclined { get; init; }

    /// <summary>After a declined sale: no new one is ordered before this (<see cref="CollateralSale.BackOff"/> from the decline).</summary>
    public DateTimeOffset? NextSaleAt { get; init; }

    /// <summary>USD drawn for each closure less its payout, by the closed position's market.</summary>
    public ImmutableDictionary<MarketId, decimal> Losses { get; init; } = ImmutableDictionary<MarketId, decimal>.Empty;

    /// <summary>The markets of the positions this liquidation ordered closed.</summary>
    public ImmutableHashSet<MarketId> Closed { get; init; } = [];

    /// <summary>The transfer id of step <paramref name="step"/> (and of a shortfall's share, <paramref name="part"/>).</summary>
    public static TransferId Transfer(AccountId account, int liquidation, int step, int? part = null) =>
        TransferId.From(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{account.Value}.liq{liquidation}.{step}{(part is { } p ? $".{p}" : "")}"));

    /// <summary>The liquidator declined a sale at <paramref name="at"/>: the back-off doubles.</summary>
    public OpenLiquidation Declined(DateTimeOffset at) =>
        this with { InFlight = null, SalesDeclined = SalesDeclined + 1, NextSaleAt = at + CollateralSale.BackOff(SalesDeclined + 1) };

    public OpenLiquidation Lost(MarketId market, decimal loss) => this with { Losses = Losses.SetItem(market, Losses.GetValueOrDefault(market) + loss) };
}
