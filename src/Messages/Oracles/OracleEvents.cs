using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Oracles;

public interface IOracleEvent : ILeverageEvent
{
    MarketId Market { get; }

    DateTimeOffset At { get; }
}

public sealed record OracleOpened(MarketId Market, OracleParameters Parameters, DateTimeOffset At) : IOracleEvent;

/// <summary>A usable report from a source: the audit can see every input to every price.</summary>
public sealed record PriceReported(MarketId Market, string Source, decimal Price, DateTimeOffset ObservedAt, DateTimeOffset At)
    : IOracleEvent
{
    /// <summary>The number of the oracle's price in force when the report arrived; null (not written) in journals from before it was kept.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? AfterPrice { get; init; }

    /// <summary>
    /// <see cref="AfterPrice"/> counts from when the report was observed, not from when it arrived: a
    /// lagging source's report of a price observed before a request is no report after it. False (and
    /// not written) in journals of nodes before December 2026, which counted from arrival.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool ByObservation { get; init; }
}

/// <summary>The oracle's price: the median of <c>Sources</c> fresh, agreeing reports; published at <c>PublishAt</c>.</summary>
public sealed record PriceAccepted(MarketId Market, decimal Price, long Sequence, int Sources, DateTimeOffset At, DateTimeOffset PublishAt)
    : IOracleEvent
{
    /// <summary>
    /// At least a quorum of the reports this price is the median of arrived while price #<c>Since</c> or a
    /// later one was in force: it is a next price only for requests made then or before (next-price
    /// execution). Null (not written) in journals from before it was kept.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? Since { get; init; }

    /// <summary>
    /// A quorum and a majority of the reports this price is the median of, and every one observed within
    /// a few seconds of it, were observed while price #<c>AllAfter</c> or a later one was in force: it is
    /// a next price only for requests made then or before (<c>OracleRules.AllAfter</c>). Never above
    /// <see cref="Since"/>. Null (not written) in journals of nodes before December 2026, whose next
    /// prices were judged by <see cref="Since"/> alone.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? AllAfter { get; init; }

    /// <summary>The oldest price a quorum and its recent reports (when recorded), else a quorum, of its reports came after.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long? NextAfter => AllAfter ?? Since;

    /// <summary>
    /// The oracle keeps, beside the prices inside the breaker's window, the one in force when the window
    /// began, the breaker's reference too: true since December 2026. Without it, a price made after a
    /// silence longer than the window was the only reference for the next, and two steps each under the
    /// limit moved the price by nearly twice it unhalted. False (not written) in journals from before,
    /// which fold as they were written.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Anchored { get; init; }
}

/// <summary>The price moved <c>Move</c> (a fraction) inside the window: new risk halts until <c>Until</c>.</summary>
public sealed record CircuitBreakerTripped(MarketId Market, decimal From, decimal To, decimal Move, DateTimeOffset Until, DateTimeOffset At)
    : IOracleEvent;

public sealed record CircuitBreakerReset(MarketId Market, DateTimeOffset At) : IOracleEvent;

/// <summary>The pool confirmed it refuses new risk until the halt ends.</summary>
public sealed record HaltDelivered(MarketId Market, DateTimeOffset Until, DateTimeOffset At) : IOracleEvent;
