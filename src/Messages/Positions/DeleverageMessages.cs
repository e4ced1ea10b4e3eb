using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Positions;

/// <summary>
/// From the market's deleverager: the pool's traders are owed more than <c>MaxPnlFactor</c> of its value,
/// so close <c>Fraction</c> of this position at the oracle's price number <c>PriceSequence</c>.
/// <c>Round</c> numbers the deleverager's round (how many of the market's events it had read),
/// <c>Rank</c> is the position's place in the round's ranking (1 first). <c>Quantity</c> and
/// <c>Collateral</c> are what the deleverager ranked: a position that holds anything else by now
/// refuses, and is ranked again. <c>NetPnl</c> and <c>PoolValue</c> are the trigger's inputs,
/// recorded by the position for the audit. <c>LpLoss</c> is set when the round was started by the
/// liquidity providers' loss rather than the PnL factor.
/// </summary>
public sealed record AutoDeleverage(
    PositionId PositionId,
    MarketId Market,
    long Round,
    int Rank,
    decimal Fraction,
    decimal Price,
    long PriceSequence,
    DateTimeOffset PriceAt,
    decimal Quantity,
    decimal Collateral,
    decimal NetPnl,
    decimal PoolValue,
    DateTimeOffset At,
    LpLossTrigger? LpLoss = null) : IWithPositionId;

/// <summary>The position's answer: the reduction <c>Started</c>, or why it was skipped (closing, liquidating, changed, not in profit).</summary>
public sealed record AutoDeleverageAnswer(PositionId PositionId, long Round, bool Started, string? Skipped = null) : ILeverageMessage;

/// <summary>
/// The pool's PnL factor <c>NetPnl / PoolValue</c> was above <c>MaxPnlFactor</c> at <c>Price</c> (oracle price
/// number <c>PriceSequence</c>) when round <c>Round</c> started, and this position, ranked <c>Rank</c> by
/// <c>Score</c> = (<c>Pnl</c> / <c>Collateral</c>) × (<c>Notional</c> / <c>Collateral</c>), closes <c>Fraction</c>
/// as settlement <c>Number</c>, at that price and nothing worse. The settlement itself follows as the
/// position's <see cref="PositionSettlementRequested"/> in the same write. A round started by the LPs'
/// loss (<c>LpLoss</c> set; absent, and not written, for the PnL factor) records that trigger's inputs instead.
/// </summary>
public sealed record AutoDeleverageStarted(
    PositionId PositionId,
    MarketId Market,
    long Round,
    int Rank,
    int Number,
    decimal Fraction,
    decimal Price,
    long PriceSequence,
    decimal Pnl,
    decimal Collateral,
    decimal Notional,
    decimal Score,
    decimal NetPnl,
    decimal PoolValue,
    decimal MaxPnlFactor,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LpLossTrigger? LpLoss = null) : IPositionEvent
{
    /// <summary>
    /// The collateral the position was ranked with, when collateral was added since (its <c>Score</c>
    /// is then lower than the one it was ranked by) or taken out since (higher); null, and not written,
    /// when it holds what was ranked.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? RankedCollateral { get; init; }
}
