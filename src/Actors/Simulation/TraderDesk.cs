using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// What the population does while positions are open, as commands the traders send at published
/// oracle prices: a stop-loss closes the position, a top-up adds collateral, a provider withdraws
/// part of its shares when the share price falls from its peak. Stops and top-ups are price
/// thresholds kept in <see cref="RiskBook"/>s like the risk index's, so a price that crosses
/// nobody's costs nothing. Each acts once. A provider whose withdrawal the pool pauses (a breach
/// unresolved, the market halted) still wants out, as a real one would: it asks again, with a new
/// request, at each published price until the pool pays it or refuses it for another reason.
/// </summary>
public sealed class TraderDesk(MarketId market, Population population, MarketParameters parameters)
{
    private readonly Dictionary<PositionId, TraderPlan> _plans = population.Traders.ToDictionary(t => t.Position);
    private readonly Dictionary<PositionId, PositionOpenRequested> _requested = new();
    private readonly RiskBook _stops = new();
    private readonly RiskBook _topUps = new();
    private readonly Dictionary<AccountId, decimal> _shares = new();
    private readonly HashSet<AccountId> _withdrawn = [];
    private readonly Dictionary<AccountId, int> _attempts = new();
    private readonly HashSet<AccountId> _paused = [];
    private readonly List<ProviderPlan> _withdrawing = population.Providers.Where(p => p.WithdrawOnDrawdown is not null).ToList();
    private decimal _peakSharePrice;

    /// <summary>Follows one event; <paramref name="after"/> is the position as the risk index sees it after the event.</summary>
    public void Observe(ILeverageEvent evt, RiskPosition? after)
    {
        switch (evt)
        {
            case PositionOpenRequested e:
                _requested[e.PositionId] = e;
                break;
            case PositionOpened e when _requested.Remove(e.PositionId, out var opened) && _plans.TryGetValue(e.PositionId, out var plan):
                Arm(plan, opened, e.Collateral);
                break;
            case LiquidityAdded e:
                _shares[e.Provider] = _shares.GetValueOrDefault(e.Provider) + e.Shares;
                break;
            case LiquidityRemoved e:
                _shares[e.Provider] -= e.Shares;
                break;
            case LiquidityRequestRefused { Reason.Code: RejectionCodes.WithdrawalsPaused } e
                when _attempts.TryGetValue(e.Provider, out var attempt) && e.RequestId == WithdrawalRequest(e.Provider, attempt):
                _paused.Add(e.Provider);
                break;
        }

        if (after is { IsLive: false } && evt is IPositionEvent ended)
        {
            _stops.Remove(ended.PositionId);
            _topUps.Remove(ended.PositionId);
        }
    }

    private void Arm(TraderPlan plan, PositionOpenRequested opened, decimal collateral)
    {
        var entry = opened.EntryPrice;
        if (plan.StopDistance is { } distance)
            _stops.Upsert(new RiskRow(plan.Position, plan.Side, plan.Side == PositionSide.Long ? entry * (1 - distance) : entry * (1 + distance)));
        // The price at which equity falls to the trader's ratio is a liquidation price at that ratio.
        if (plan.TopUpAtMarginRatio is { } ratio && plan.TopUpAmount > 0
            && PositionMath.LiquidationPrice(plan.Side, opened.Quantity, entry, collateral, 0m,
                parameters with { MaintenanceMarginRate = ratio }) is { } level)
            _topUps.Upsert(new RiskRow(plan.Position, plan.Side, level));
    }

    /// <summary>The commands a published price sets off.</summary>
    public void OnTick(decimal price, DateTimeOffset now, decimal sharePrice, List<object> send)
    {
        foreach (var id in _stops.Crossed(price).ToList())
        {
            _stops.Remove(id);
            _topUps.Remove(id);
            send.Add(new ClosePosition(id, _plans[id].Account, RequestId.From("stop-" + id.Value), price, now));
        }

        foreach (var id in _topUps.Crossed(price).ToList())
        {
            _topUps.Remove(id);
            var plan = _plans[id];
            send.Add(new AddCollateral(id, plan.Account, RequestId.From("top-up-" + id.Value), plan.TopUpAmount, now));
        }

        _peakSharePrice = Math.Max(_peakSharePrice, sharePrice);
        foreach (var provider in _withdrawing)
        {
            var retry = _paused.Remove(provider.Account);
            if (!retry && (_withdrawn.Contains(provider.Account) || sharePrice > _peakSharePrice * (1 - provider.WithdrawOnDrawdown!.Value)))
                continue;
            _withdrawn.Add(provider.Account);
            var shares = Math.Round(_shares.GetValueOrDefault(provider.Account) * provider.WithdrawFraction, 6, MidpointRounding.ToZero);
            if (shares <= 0)
                continue;
            var attempt = _attempts[provider.Account] = _attempts.GetValueOrDefault(provider.Account) + 1;
            send.Add(new WithdrawLiquidity(provider.Account, WithdrawalRequest(provider.Account, attempt), market, shares, price, now));
        }
    }

    /// <summary>Each attempt is its own request: the pool answers a request it refused with that refusal again.</summary>
    private static RequestId WithdrawalRequest(AccountId provider, int attempt) =>
        RequestId.From(attempt == 1 ? "withdraw-" + provider.Value : $"withdraw-{provider.Value}-{attempt}");
}
