using LeverageActors.Actors.Common;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// DESIGN §4 item 6: every price an event acted on is a price its market's oracle accepted, fresh at
/// the event's time (the oracle's staleness limit plus its configured latency); a breach and a
/// liquidation name the oracle's price number, and a liquidation's is not older than its breach's.
/// </summary>
public sealed class PriceRules(JournalFold fold)
{
    private readonly AcceptedPrices _prices = new();

    public void Record(PriceAccepted accepted) => _prices.Record(accepted);

    public PriceAccepted? Number(MarketId market, long sequence) => _prices.Number(market, sequence);

    /// <summary>The rule broken by a position's event, if any, with what was expected and what was found.</summary>
    public AuditFinding? Check(IPositionEvent evt, PositionState before) => evt switch
    {
        PositionOpenRequested e => Acted(e.Market, e.EntryPrice, e.At, "opened"),
        PositionSettlementRequested e => Acted(before.Market, e.Price, e.At, "closed"),
        CollateralDecreaseRequested e => Acted(before.Market, e.Price, e.At, "valued a collateral removal"),
        PositionBreached e => Numbered(e.Market, e.PriceSequence, e.Price, "breach-price"),
        BreachCleared { PriceSequence: > 0 } e => Numbered(before.Market, e.PriceSequence, e.Price, "liquidation-price"),
        LiquidationStarted e => Liquidation(e, before),
        AutoDeleverageStarted e => Numbered(e.Market, e.PriceSequence, e.Price, "adl-price"),
        CrossLiquidationStarted e => Numbered(before.Market, e.Mark.Sequence, e.Mark.Price, "liquidation-price"),
        EarlyDeleverageStarted e => Numbered(e.Market, e.PriceSequence, e.Price, "early-deleverage-price"),
        TriggerExecuted e => Trigger(e, before),
        _ => null,
    };

    public AuditFinding? Check(ILeverageEvent evt) => evt switch
    {
        PoolDepositStarted e => Acted(e.Market, e.Price, e.At, "priced an LP deposit"),
        PoolWithdrawalStarted e => Acted(e.Market, e.Price, e.At, "priced an LP withdrawal"),
        _ => null,
    };

    private AuditFinding? Acted(MarketId market, decimal price, DateTimeOffset at, string what) =>
        _prices.Proves(market, price, at, MaxAge(market))
            ? null
            : new AuditFinding("price-proven", $"{what} at a price {market}'s oracle accepted within {MaxAge(market)} before {at:O}",
                $"{price}, which it did not");

    private AuditFinding? Numbered(MarketId market, long sequence, decimal price, string rule) =>
        _prices.Number(market, sequence) is { } accepted && accepted.Price == price
            ? null
            : new AuditFinding(rule, $"{market}'s oracle price #{sequence} ({_prices.Number(market, sequence)?.Price.ToString() ?? "none"})", $"{price}");

    private AuditFinding? Liquidation(LiquidationStarted e, PositionState before)
    {
        if (e.PriceSequence == 0)
            return Acted(before.Market, e.Price, e.At, "liquidated");
        if (Numbered(before.Market, e.PriceSequence, e.Price, "liquidation-price") is { } wrong)
            return wrong;
        var accepted = _prices.Number(before.Market, e.PriceSequence)!;
        if (e.At - accepted.At > MaxAge(before.Market))
            return new AuditFinding("liquidation-price", $"a price no older than {MaxAge(before.Market)} at {e.At:O}",
                $"price #{e.PriceSequence} accepted at {accepted.At:O}");
        return before.OpenBreach is { } breach && e.PriceSequence < breach.PriceSequence
            ? new AuditFinding("liquidation-price", $"a price not older than the breach's #{breach.PriceSequence}", $"#{e.PriceSequence}")
            : null;
    }

    /// <summary>A trigger executed at its oracle price number's price, fresh at its time, and that price reached the trigger.</summary>
    private AuditFinding? Trigger(TriggerExecuted e, PositionState before)
    {
        if (Numbered(before.Market, e.PriceSequence, e.Price, "trigger-price") is { } wrong)
            return wrong;
        var accepted = _prices.Number(before.Market, e.PriceSequence)!;
        if (e.At - accepted.At > MaxAge(before.Market))
            return new AuditFinding("trigger-price", $"a price no older than {MaxAge(before.Market)} at {e.At:O}",
                $"price #{e.PriceSequence} accepted at {accepted.At:O}");
        return before.Triggers.Find(e.Trigger) is { } t && PositionTriggers.Reached(before.Side, t.Kind, t.TriggerPrice, e.Price)
            ? null
            : new AuditFinding("trigger-reached", $"waiting trigger {e.Trigger} of {before.Id} reached by the price",
                before.Triggers.Find(e.Trigger) is { } found ? $"{found.Kind} at {found.TriggerPrice} for a {before.Side} executed at {e.Price}" : "no such trigger waiting");
    }

    private TimeSpan MaxAge(MarketId market) =>
        OracleRules.MaxPriceAge(fold.Oracles.GetValueOrDefault(market)?.Parameters ?? OracleParameters.Default);
}
