using LeverageActors.Actors.Pools;
using LeverageActors.Messages;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// The numbers of a run, folded from the journal's events (the same events whichever engine wrote
/// them) and from the answers to opens. Its copy of the pool is the pool's own state, folded with
/// the pool's <c>Apply</c>.
/// </summary>
public sealed class RunLedger(MarketId market, MarketParameters parameters)
{
    private readonly Dictionary<PositionId, decimal> _liquidating = new();
    /// <summary>Settlements the risk engine started (early deleverage, ADL): not the traders' stop-losses.</summary>
    private readonly HashSet<(PositionId, int)> _deleveraging = [];
    private readonly HashSet<(PositionId, int)> _early = [];
    private readonly Dictionary<string, int> _refused = new();
    private readonly Dictionary<AccountId, decimal> _providerShares = new();
    private readonly List<SimulationSample> _samples = [];
    private readonly PoolValueBook _value = new();
    private decimal _providerIn;
    private decimal _providerOut;
    private decimal _peakSharePrice;
    private int _liquidationsSinceSample;

    public PoolState Pool { get; private set; } = PoolState.Initial(market, parameters);

    public int Opened { get; private set; }
    public int Breaches { get; private set; }
    public int Cleared { get; private set; }
    public int Full { get; private set; }
    public int Partial { get; private set; }
    public int StopLosses { get; private set; }
    public int TopUps { get; private set; }
    public int Warnings { get; private set; }
    public int EarlyDeleverages { get; private set; }
    public decimal EarlyDeleveragedNotional { get; private set; }
    public int AdlReductions { get; private set; }
    public int Withdrawals { get; private set; }
    public int WithdrawalsRefused { get; private set; }
    public int WithdrawalsPaused { get; private set; }
    public decimal PeakOpenInterest { get; private set; }
    public decimal OpenedNotional { get; private set; }
    public decimal Shortfall { get; private set; }
    public decimal InsuranceUsed { get; private set; }
    public decimal OpenFees { get; private set; }
    public decimal CloseFees { get; private set; }

    /// <summary>Price impact the settlements charged less what they rebated.</summary>
    public decimal Impact { get; private set; }
    public decimal Interest { get; private set; }
    public decimal Penalties { get; private set; }
    public decimal Rewards { get; private set; }
    public decimal FundingPaid { get; private set; }
    public decimal FundingReceived { get; private set; }
    public decimal WorstDrawdown { get; private set; }

    public IReadOnlyList<SimulationSample> Samples => _samples;

    public IReadOnlyDictionary<string, int> Refused => _refused;

    public void Observe(ILeverageEvent evt)
    {
        switch (evt)
        {
            case IPoolEvent e:
                // What an early deleverage closed is read from the reservation before the settlement shrinks it.
                if (e is PositionSettled settled && _early.Remove((settled.PositionId, settled.Number))
                    && Pool.Reservations.TryGetValue(settled.PositionId, out var held))
                    EarlyDeleveragedNotional += settled.Fraction * held.Quantity * settled.ExitPrice;
                Pool = Pool.Apply(e);
                _value.Observe(e, Pool);
                ObservePool(e);
                break;
            case PositionBreached:
                Breaches++;
                break;
            case BreachCleared:
                Cleared++;
                break;
            case LiquidationStarted e:
                _liquidating[e.PositionId] = e.Fraction;
                break;
            case PositionLiquidated e:
                if (_liquidating.Remove(e.PositionId, out var fraction) && fraction < 1)
                    Partial++;
                else
                    Full++;
                _liquidationsSinceSample++;
                break;
            case PositionAtRisk:
                Warnings++;
                break;
            case EarlyDeleverageStarted e:
                EarlyDeleverages++;
                _deleveraging.Add((e.PositionId, e.Number));
                _early.Add((e.PositionId, e.Number));
                break;
            case AutoDeleverageStarted e:
                AdlReductions++;
                _deleveraging.Add((e.PositionId, e.Number));
                break;
            case PositionSettlementCompleted e:
                if (!_deleveraging.Remove((e.PositionId, e.Number)))
                    StopLosses++;
                break;
            case CollateralIncreased:
                TopUps++;
                break;
        }
    }

    private void ObservePool(IPoolEvent evt)
    {
        switch (evt)
        {
            case LiquidityReserved e:
                OpenFees += e.OpenFee;
                OpenedNotional += e.Quantity * e.EntryPrice;
                PeakOpenInterest = Math.Max(PeakOpenInterest, Pool.Longs.Cost + Pool.Shorts.Cost);
                break;
            case PositionSettled e:
                var s = e.Settlement;
                Shortfall += s.Shortfall;
                InsuranceUsed += s.InsuranceCover;
                CloseFees += s.CloseFee;
                Impact += s.Impact;
                Interest += s.Interest;
                Penalties += s.Penalty;
                Rewards += s.LiquidatorReward;
                FundingPaid += Math.Max(0, s.Funding);
                FundingReceived += Math.Max(0, -s.Funding);
                break;
            case LiquidityAdded e:
                _providerIn += e.Amount;
                _providerShares[e.Provider] = _providerShares.GetValueOrDefault(e.Provider) + e.Shares;
                break;
            case LiquidityRemoved e:
                _providerOut += e.Amount;
                _providerShares[e.Provider] -= e.Shares;
                Withdrawals++;
                break;
            case LiquidityRequestRefused e:
                WithdrawalsRefused++;
                if (e.Reason.Code == RejectionCodes.WithdrawalsPaused)
                    WithdrawalsPaused++;
                break;
        }
    }

    /// <summary>An open answered: accepted, or refused for <paramref name="code"/>.</summary>
    public void Answered(string? code)
    {
        if (code is null)
            Opened++;
        else
            _refused[code] = _refused.GetValueOrDefault(code) + 1;
    }

    public decimal SharePrice(decimal price) => Pool.TotalShares == 0 ? 1m : _value.Value(Pool, price) / Pool.TotalShares;

    /// <summary>Follows the LP share price at each published price, for the worst drawdown.</summary>
    public void Priced(decimal price)
    {
        var share = SharePrice(price);
        _peakSharePrice = Math.Max(_peakSharePrice, share);
        if (_peakSharePrice > 0)
            WorstDrawdown = Math.Max(WorstDrawdown, 1 - share / _peakSharePrice);
    }

    /// <summary>
    /// One row of the series. The pool's value and share price are at its last event's borrow index,
    /// as the LPs' drawdown is read: a sample between events then costs no new valuation.
    /// </summary>
    public void Sample(DateTimeOffset at, decimal marketPrice, decimal? oraclePrice, int openPositions)
    {
        var pool = Pool.AccruedTo(at);
        var longs = pool.Longs;
        var shorts = pool.Shorts;
        var longEquity = longs.Collateral + Math.Min(longs.Quantity * marketPrice - longs.Cost, longs.Reserved);
        var shortEquity = shorts.Collateral + Math.Min(shorts.Cost - shorts.Quantity * marketPrice, shorts.Reserved);
        var notional = (longs.Quantity + shorts.Quantity) * marketPrice;
        var mmr = (pool.Parameters ?? parameters).MaintenanceMarginRate;
        _samples.Add(new SimulationSample(at, marketPrice, oraclePrice, openPositions, Round(notional), Round(longEquity), Round(shortEquity),
            Round(notional * mmr), _liquidationsSinceSample, pool.BadDebt, pool.InsuranceFund, Round(_value.Value(Pool, marketPrice)),
            Math.Round(SharePrice(marketPrice), 8)));
        _liquidationsSinceSample = 0;
    }

    private static decimal Round(decimal amount) => Math.Round(amount, 6);

    /// <summary>What the providers gained or lost: withdrawn plus what their shares are worth, less what they put in.</summary>
    public decimal ProviderPnl(decimal price) =>
        Math.Round(_providerOut + _providerShares.Values.Sum() * SharePrice(price) - _providerIn, 6);

    /// <summary>The run's summary from what the ledger has seen and what the engine counted.</summary>
    public SimulationSummary Summarise(string engine, SimulationRun run, long oraclePrices, int outstanding, decimal lastPrice,
        TimeSpan wall, IReadOnlyList<string> violations) => new()
    {
        Engine = engine,
        Market = market.Value,
        Prices = run.Path.Source,
        Start = run.Path.Start,
        End = run.Path.End,
        PricePoints = run.Path.Points.Count,
        OraclePrices = oraclePrices,
        Settings = RunSettings.Of(run.Parameters, run.Seed),
        Traders = run.Population.Traders.Count,
        PositionsOpened = Opened,
        OpensRefused = Refused,
        Providers = run.Population.Providers.Count,
        Liquidity = run.Population.Providers.Sum(p => p.Liquidity),
        Breaches = Breaches,
        BreachesCleared = Cleared,
        FullLiquidations = Full,
        PartialLiquidations = Partial,
        Warnings = Warnings,
        EarlyDeleverages = EarlyDeleverages,
        EarlyDeleveragedNotional = Math.Round(EarlyDeleveragedNotional, 6),
        AdlReductions = AdlReductions,
        LiquidationsOutstanding = outstanding,
        StopLosses = StopLosses,
        TopUps = TopUps,
        ProviderWithdrawals = Withdrawals,
        ProviderWithdrawalsRefused = WithdrawalsRefused,
        ProviderWithdrawalsPaused = WithdrawalsPaused,
        PeakOpenInterest = PeakOpenInterest,
        OpenedNotional = Math.Round(OpenedNotional, 6),
        BadDebt = Pool.BadDebt,
        BadDebtPercent = PeakOpenInterest == 0 ? 0 : Math.Round(100 * Pool.BadDebt / PeakOpenInterest, 4),
        Shortfall = Shortfall,
        ShortfallPercentOfOpened = OpenedNotional == 0 ? 0 : Math.Round(100 * Shortfall / OpenedNotional, 4),
        InsuranceUsed = InsuranceUsed,
        InsuranceFund = Pool.InsuranceFund,
        LpPnl = ProviderPnl(lastPrice),
        OpenFees = OpenFees,
        CloseFees = CloseFees,
        Impact = Impact,
        ImpactPool = Pool.ImpactPool,
        Interest = Interest,
        Penalties = Penalties,
        LiquidatorRewards = Rewards,
        FundingPaid = FundingPaid,
        FundingReceived = FundingReceived,
        WorstPoolDrawdownPercent = Math.Round(100 * WorstDrawdown, 4),
        TraderPriceSteps = (long)run.Population.Traders.Count * run.Path.Points.Count,
        WallSeconds = wall.TotalSeconds,
        InvariantViolations = _value.Agrees(Pool, lastPrice)
            ? violations
            : [.. violations, $"ledger-valuation: the ledger's copy of the reservations values the pool at {_value.Value(Pool, lastPrice)}, the pool at {Pool.Value(lastPrice)}"],
    };
}
