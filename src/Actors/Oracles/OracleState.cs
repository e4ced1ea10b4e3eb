using System.Collections.Immutable;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Oracles.Margin;
using LeverageActors.Actors.Oracles.Volatility;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Oracles;

/// <summary>
/// A market's oracle: every usable source report, the prices accepted from them, and the circuit
/// breaker. A trip is carried to the market's pool (which refuses new risk while it lasts) as a
/// saga step; liquidations never pass through the breaker.
/// </summary>
public sealed record OracleState : IEntityState<OracleState, IOracleEvent>
{
    public required MarketId Market { get; init; }

    public OracleParameters? Configured { get; init; }

    public OracleParameters? Parameters { get; init; }

    public ImmutableDictionary<string, PriceReported> Latest { get; init; } = ImmutableDictionary<string, PriceReported>.Empty;

    public decimal? Price { get; init; }

    public DateTimeOffset? PriceAt { get; init; }

    public long Sequence { get; init; }

    /// <summary>Accepted prices inside the breaker window, oldest first, after the one in force when it began (<see cref="PriceAccepted.Anchored"/>).</summary>
    public ImmutableList<PriceAccepted> Recent { get; init; } = [];

    public DateTimeOffset? HaltedUntil { get; init; }

    /// <summary>The halt the pool has confirmed; a newer one is re-sent until confirmed.</summary>
    public DateTimeOffset? HaltDeliveredUntil { get; init; }

    /// <summary>When the halt in force began.</summary>
    public DateTimeOffset? HaltSince { get; init; }

    /// <summary>The running estimate, folded from accepted prices.</summary>
    public VolatilityTracker Volatility { get; init; } = VolatilityTracker.Empty;

    /// <summary>The estimate in force: the last one recorded.</summary>
    public VolatilityUpdated? RecordedVolatility { get; init; }

    /// <summary>The dynamic margin requirement recorded so far (empty in a market without one).</summary>
    public MarginSchedule Margin { get; init; } = MarginSchedule.Empty;

    /// <summary>Events since the last <see cref="OracleCheckpointed"/> (<see cref="OracleCheckpoints"/>).</summary>
    public int SinceCheckpoint { get; init; }

    /// <summary>
    /// The price a request arriving now needs a quorum of its next price's reports to have come after
    /// (<see cref="OracleRules.Since"/>): the price in force, unless a report arrived since it that made
    /// no price (no quorum agreed). That report came before the request, yet it counts as after the price
    /// in force, and a price half made of it was half known to whoever saw the report; so the request
    /// waits for reports that came after the next price. A report already stale at the request's time
    /// <paramref name="at"/>, by more than the clock skew allowed between nodes, can be in no price
    /// again, and does not count.
    /// </summary>
    public long ReportsAfter(DateTimeOffset at) =>
        Latest.Values.Any(r => r.AfterPrice >= Sequence && at - r.ObservedAt <= (Parameters ?? Configured)!.StaleAfter + OracleRules.MaxClockSkew)
            ? Sequence + 1
            : Sequence;

    /// <summary>
    /// The number of the price in force when a report was observed: a lagging source's report arrives
    /// after a request yet tells a price from before it, which a trader watching that source knew; so it
    /// counts as after the price in force at its observation, not at its arrival. Found among the prices
    /// the breaker keeps (five minutes by default, the staleness limit one); one observed before all of
    /// them counts as before the oldest, which errs towards a request waiting longer.
    /// </summary>
    public long PriceInForceWhen(DateTimeOffset observedAt)
    {
        if (PriceAt is not { } latest || observedAt >= latest)
            return Sequence;
        for (var i = Recent.Count - 1; i >= 0; i--)
            if (Recent[i].At <= observedAt)
                return Recent[i].Sequence;
        return Math.Max(0, (Recent.Count > 0 ? Recent[0].Sequence : Sequence) - 1);
    }

    public static OracleState Initial(MarketId market, OracleParameters? configured) => new() { Market = market, Configured = configured };

    public IReadOnlyList<object> Outbox =>
        HaltedUntil is { } until && HaltDeliveredUntil != until
            ? [new HaltTrading(Market, until, HaltSince ?? until)]
            : [];

    public object? ReplyFor(RequestId request) => null;

    public bool IsHaltedAt(DateTimeOffset at) => HaltedUntil is { } until && at < until;

    /// <summary>
    /// The halt in force with <paramref name="accepted"/>, accepted by <paramref name="before"/>: the trip it
    /// makes (written right after it in the same batch), or the halt it falls inside; null when none.
    /// </summary>
    public static DateTimeOffset? HaltWith(OracleState before, PriceAccepted accepted, OracleParameters p) =>
        before.BreakerAfter(accepted.Price, accepted.At, p).OfType<CircuitBreakerTripped>().FirstOrDefault()?.Until
        ?? (before.IsHaltedAt(accepted.At) ? before.HaltedUntil : null);

    public OraclePriceResponse View(DateTimeOffset at, IReadOnlyDictionary<string, long> ignored) =>
        new(Market, Price, PriceAt, Sequence, IsHaltedAt(at), HaltedUntil, ignored, RecordedVolatility, PriceAt is { } priced ? Margin.At(priced) : null);

    public Handling<OracleState, IOracleEvent> Handle(object message) => message switch
    {
        GetOraclePrice q => Handling<OracleState, IOracleEvent>.Answer(View(q.At, ImmutableDictionary<string, long>.Empty)),
        ReportPrice r => DecideReport(r),
        TradingHaltAcknowledged a when HaltedUntil == a.Until && HaltDeliveredUntil != a.Until =>
            Handling<OracleState, IOracleEvent>.Persist(new HaltDelivered(Market, a.Until, a.Until)),
        _ => Handling<OracleState, IOracleEvent>.Ignore,
    };

    private Handling<OracleState, IOracleEvent> DecideReport(ReportPrice r)
    {
        var p = Parameters ?? Configured;
        if (p is null)
            return Ignored(r, OracleRules.UnknownMarket);
        if (!p.Sources.Contains(r.Source))
            return Ignored(r, OracleRules.UnknownSource);
        if (r.Price <= 0)
            return Ignored(r, OracleRules.NonPositive);
        var reported = new PriceReported(Market, r.Source, r.Price, r.ObservedAt, r.At) { AfterPrice = PriceInForceWhen(r.ObservedAt), ByObservation = true };
        if (!OracleRules.IsFresh(reported, r.At, p))
            return Ignored(r, OracleRules.Stale);

        var events = new List<IOracleEvent>();
        var state = this;
        if (Parameters is null)
        {
            var opened = new OracleOpened(Market, p, r.At);
            events.Add(opened);
            state = state.Apply(opened);
        }
        else if (RiskModels.Change(Market, Parameters, Configured, r.At) is { } change)
        {
            events.Add(change);
            state = state.Apply(change);
            p = state.Parameters!;
        }

        events.Add(reported);
        state = state.Apply(reported);
        var (price, agreeing, ignored) = OracleRules.Aggregate(state.Latest.Values, r.At, p);
        if (price is { } accepted)
        {
            foreach (var e in state.Accept(accepted, agreeing, r.At, p).ToList())
            {
                events.Add(e);
                state = state.Apply(e);
            }

            foreach (var e in state.RecordsAfterPrice(r.At, p))
            {
                events.Add(e);
                state = state.Apply(e);
            }
        }

        if (OracleCheckpoints.Due(state, r.At) is { } checkpoint)
            events.Add(checkpoint);

        var mine = ignored.FirstOrDefault(i => i.Source == r.Source).Reason
                   ?? (price is null ? OracleRules.NoQuorum : null);
        return new(events, _ => new ReportAnswered(Market, r.Source, mine));
    }

    /// <summary>
    /// What an accepted price is followed by: the volatility when it is due, then the margin
    /// requirement when that volatility moves it enough, or when it is above a ceiling just taken.
    /// Each requirement carries this price's number. A pure function of the state after the
    /// price, so the actor can tell which margin goes out with a price before the batch is written.
    /// </summary>
    private IEnumerable<IOracleEvent> RecordsAfterPrice(DateTimeOffset at, OracleParameters p)
    {
        var margin = Margin;
        if (VolatilityRecording.Due(Market, Volatility, RecordedVolatility, Sequence, at, p.VolatilityInForce()) is { } volatility)
        {
            yield return volatility;
            if (MarginRecording.Due(Market, p, volatility, Margin.Last, Sequence, at) is { } changed)
            {
                yield return changed;
                margin = margin.After(changed);
            }
        }

        // A ceiling just taken (RiskModelsChanged) brings a requirement above it down with this price, not at the new estimate's first record.
        if (RiskModels.CeilingFall(this with { Margin = margin }, at) is { } fall)
            yield return fall;
    }

    /// <summary>The margin in force with the price just accepted (this state is right after its <see cref="PriceAccepted"/>).</summary>
    public MarginInForce? MarginWithPrice(DateTimeOffset at)
    {
        if ((Parameters ?? Configured)?.Margin is null)
            return null;
        var state = RecordsAfterPrice(at, (Parameters ?? Configured)!).Aggregate(this, (s, e) => s.Apply(e));
        return state.Margin.At(at);
    }

    /// <summary>The σ and horizon of the margin <see cref="MarginWithPrice"/> gives.</summary>
    public RiskScale? ScaleWithPrice(DateTimeOffset at)
    {
        if ((Parameters ?? Configured)?.Margin is null)
            return null;
        return RecordsAfterPrice(at, (Parameters ?? Configured)!).Aggregate(this, (s, e) => s.Apply(e)).Margin.Scale;
    }

    private IEnumerable<IOracleEvent> Accept(decimal price, IReadOnlyList<PriceReported> agreeing, DateTimeOffset at, OracleParameters p)
    {
        var since = OracleRules.Since(agreeing, p.Quorum);
        var accepted = new PriceAccepted(Market, price, Sequence + 1, agreeing.Count, at, at + p.Latency)
        {
            Since = since,
            AllAfter = OracleRules.AllAfter(agreeing, at, since),
            Anchored = true,
        };
        yield return accepted;
        foreach (var e in BreakerAfter(price, at, p))
            yield return e;
    }

    /// <summary>
    /// What the circuit breaker records right after this state accepts <paramref name="price"/> at
    /// <paramref name="at"/>: the end of a halt that is over, then a trip when the price moved more than
    /// the breaker allows against a price in force during its window. The audit decides it again.
    /// </summary>
    public IEnumerable<IOracleEvent> BreakerAfter(decimal price, DateTimeOffset at, OracleParameters p)
    {
        if (HaltedUntil is { } until && at >= until)
            yield return new CircuitBreakerReset(Market, at);
        else if (IsHaltedAt(at))
            yield break;

        // Every price in force during the window is a reference: those inside it, and the one in force
        // when it began (the last price before a silence longer than the window), or sources that went
        // quiet for the window could come back at any price unhalted, and step on from there (reviews).
        var window = Recent.Where(a => at - a.At <= p.BreakerWindow).Select(a => a.Price).ToList();
        if (Recent.LastOrDefault(a => at - a.At > p.BreakerWindow) is { } atStart)
            window.Add(atStart.Price);
        else if (window.Count == 0 && Price is { } last)
            window.Add(last);
        if (window.Count == 0)
            yield break;
        var reference = window.MaxBy(a => OracleRules.RelativeMove(price, a));
        var move = OracleRules.RelativeMove(price, reference);
        if (move > p.BreakerMove)
            yield return new CircuitBreakerTripped(Market, reference, price, move, at + p.BreakerCooldown, at);
    }

    /// <summary>
    /// The prices kept before <paramref name="e"/> joins them: those inside the window at its time, and,
    /// when it is <see cref="PriceAccepted.Anchored"/>, the one in force when the window began.
    /// </summary>
    private ImmutableList<PriceAccepted> InWindow(PriceAccepted e, TimeSpan window)
    {
        var inside = Recent.RemoveAll(a => e.At - a.At > window);
        return e.Anchored && Recent.LastOrDefault(a => e.At - a.At > window) is { } atStart ? inside.Insert(0, atStart) : inside;
    }

    private Handling<OracleState, IOracleEvent> Ignored(ReportPrice r, string reason) =>
        Handling<OracleState, IOracleEvent>.Answer(new ReportAnswered(Market, r.Source, reason));

    public OracleState Apply(IOracleEvent evt) => evt is OracleCheckpointed
        ? this with { SinceCheckpoint = 0 }
        : Fold(evt) with { SinceCheckpoint = SinceCheckpoint + 1 };

    private OracleState Fold(IOracleEvent evt) => evt switch
    {
        OracleOpened e => this with { Parameters = e.Parameters },
        RiskModelsChanged e => RiskModels.After(this, e),
        PriceReported e => this with { Latest = Latest.SetItem(e.Source, e) },
        PriceAccepted e => this with
        {
            Price = e.Price,
            PriceAt = e.At,
            Sequence = e.Sequence,
            Recent = InWindow(e, (Parameters ?? Configured)!.BreakerWindow).Add(e),
            Volatility = Volatility.Sample(e.Price, e.At, (Parameters ?? Configured)!.VolatilityInForce()),
        },
        VolatilityUpdated e => this with { RecordedVolatility = e },
        MarginRequirementChanged e => this with { Margin = Margin.After(e) },
        CircuitBreakerTripped e => this with { HaltedUntil = e.Until, HaltSince = e.At },
        CircuitBreakerReset => this with { HaltedUntil = null, HaltSince = null },
        HaltDelivered e => this with { HaltDeliveredUntil = e.Until },
        _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "Unknown oracle event"),
    };
}
