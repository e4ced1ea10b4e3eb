using System.Collections.Immutable;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Accounts.Liquidation;

/// <summary>An order of an account's liquidation that has yet to be answered: the messages it sends until it is.</summary>
public abstract record LiquidationStep
{
    public abstract IEnumerable<object> Messages { get; }
}

/// <summary>A cross position told to close a fraction; <c>Drawn</c>: the USD it has drawn for it so far.</summary>
public sealed record PositionClosureStep(CrossPositionLiquidationOrdered Order) : LiquidationStep
{
    public decimal Drawn { get; init; }

    public override IEnumerable<object> Messages =>
    [
        new LiquidateCrossPosition(Order.PositionId, Order.AccountId, Order.Liquidation, Order.SettleTransfer, Order.Fraction, Order.Mark,
            Order.Liquidator, Order.At) { ChargeCap = Order.ChargeCap },
    ];
}

/// <summary>Collateral offered to the liquidator's account, which has yet to buy or decline it.</summary>
public sealed record CollateralSaleStep(CollateralSaleOrdered Order) : LiquidationStep
{
    public override IEnumerable<object> Messages =>
    [
        new BuyLiquidatedCollateral(Order.Liquidator, Order.AccountId, Order.Liquidation, Order.TransferId, Order.Asset, Order.Quantity,
            Order.Proceeds, Order.At),
    ];
}

/// <summary>The pools asked for their shares of a shortfall; <c>Pending</c>: those yet to pay, by transfer.</summary>
public sealed record ShortfallStep(AccountShortfallOrdered Order, ImmutableDictionary<TransferId, ShortfallShare> Pending) : LiquidationStep
{
    public override IEnumerable<object> Messages =>
        Pending.Values.OrderBy(s => s.TransferId.Value, StringComparer.Ordinal)
            .Select(s => new CoverAccountShortfall(s.Market, Order.AccountId, s.TransferId, s.Amount, Order.At));
}
