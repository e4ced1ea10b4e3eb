using Akka.Actor;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Liquidation;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// The cluster singleton that watches the markets: a risk index and a liquidator per market, and
/// the saga watchdog. When its node goes, the singleton starts on another and each child rebuilds
/// from the journal. A child that fails is restarted (default supervision) and does the same.
/// </summary>
public sealed class MarketWatch : ReceiveActor
{
    public MarketWatch(MarketCatalog catalog, EntityRouter router, IActorRef positions, IActorRef accounts, AccountId liquidator)
    {
        foreach (var market in catalog.Markets.Keys)
        {
            Context.ActorOf(Props.Create(() => new MarketRiskIndex(market, catalog, positions, true)), RiskIndexName(market));
            Context.ActorOf(Props.Create(() => new LiquidatorActor(market, liquidator, positions, accounts, true)), LiquidatorName(market));
        }

        Context.ActorOf(Props.Create(() => new SagaWatchdog(catalog, router)), "saga-watchdog");

        Receive<GetRiskIndexStatus>(q => Forward(RiskIndexName(q.Market), q));
        Receive<GetLiquidatorStatus>(q => Forward(LiquidatorName(q.Market), q));
    }

    /// <summary>
    /// Every failure of a child, a kill included, restarts it: it rebuilds from the journal. The
    /// default strategy would stop a killed child for good, and with it a market's liquidations.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(-1, Timeout.InfiniteTimeSpan, _ => Directive.Restart);

    public static string RiskIndexName(MarketId market) => "risk-" + market.Value;

    public static string LiquidatorName(MarketId market) => "liquidator-" + market.Value;

    private void Forward(string child, object query)
    {
        if (Context.Child(child) is { } found && !found.IsNobody())
            found.Forward(query);
    }
}
