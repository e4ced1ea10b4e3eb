using System.Diagnostics.Metrics;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Metrics;

/// <summary>
/// Trading facts, counted once each where they become durable: in the persist callback of the
/// entity that records them, which recovery never runs, so a replayed journal counts nothing again.
/// </summary>
public sealed class TradingMetrics(Meter meter)
{
    private readonly Counter<long> _opened = meter.CreateCounter<long>("leverage.positions.opened", "{position}",
        "Positions opened (the pool backs them and they hold collateral)");

    private readonly Counter<long> _decreased = meter.CreateCounter<long>("leverage.positions.decreased", "{position}",
        "Partial closes by the owner");

    private readonly Counter<long> _closed = meter.CreateCounter<long>("leverage.positions.closed", "{position}",
        "Positions closed in full by the owner");

    private readonly Counter<long> _breaches = meter.CreateCounter<long>("leverage.breaches", "{breach}",
        "Positions found below maintenance margin (PositionBreached persisted)");

    private readonly Counter<long> _liquidations = meter.CreateCounter<long>("leverage.liquidations", "{liquidation}",
        "Liquidations settled; kind=full or partial");

    private readonly Counter<double> _badDebt = meter.CreateCounter<double>("leverage.bad_debt", "{USD}",
        "Losses neither collateral nor insurance covered, borne by the liquidity providers");

    public void Record(PositionActivity activity, bool fully)
    {
        var market = new KeyValuePair<string, object?>("market", activity.Market.Value);
        switch (activity.Kind)
        {
            case PositionActivityKind.Opened:
                _opened.Add(1, market);
                break;
            case PositionActivityKind.Decreased:
                _decreased.Add(1, market);
                break;
            case PositionActivityKind.Closed:
                _closed.Add(1, market);
                break;
            case PositionActivityKind.Liquidated:
                _liquidations.Add(1, market, new KeyValuePair<string, object?>("kind", fully ? "full" : "partial"));
                break;
        }
    }

    public void Breached(MarketId market) => _breaches.Add(1, new KeyValuePair<string, object?>("market", market.Value));

    public void BadDebt(MarketId market, decimal amount)
    {
        if (amount > 0)
            _badDebt.Add((double)amount, new KeyValuePair<string, object?>("market", market.Value));
    }
}
