using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Positions;

/// <summary>A trader's command to a position. <c>Price</c> is the oracle price the caller acts at.</summary>
public interface IPositionCommand : IWithPositionId
{
    AccountId AccountId { get; }

    RequestId RequestId { get; }

    DateTimeOffset At { get; }
}

/// <summary>Open an isolated position: <c>Collateral</c> × <c>Leverage</c> of exposure at <c>Price</c>.</summary>
public sealed record OpenPosition(
    PositionId PositionId,
    AccountId AccountId,
    RequestId RequestId,
    MarketId Market,
    PositionSide Side,
    decimal Collateral,
    decimal Leverage,
    decimal Price,
    DateTimeOffset At) : IPositionCommand
{
    /// <summary>The market's initial margin rate in force at <c>Price</c> (dynamic margin); leverage above its inverse is refused. Null: the market's own.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? InitialMarginRate { get; init; }

    /// <summary>
    /// A cross position: its margin is the account's cross equity, and <c>Collateral</c> × <c>Leverage</c>
    /// only sizes it (nothing is locked). False: isolated, as always.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cross { get; init; }

    /// <summary>Every market's mark, for the account to value its cross margin at (a cross open, or any open of a cross account).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Accounts.MarketMark>? Marks { get; init; }

    /// <summary>Next-price execution: the request's and the price's numbers; null (and not written) when acting at the latest price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

public sealed record AddCollateral(PositionId PositionId, AccountId AccountId, RequestId RequestId, decimal Amount, DateTimeOffset At)
    : IPositionCommand
{
    /// <summary>The marks the account is valued at before the collateral leaves it, where cross margin decides for it; null when none was fetched.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Accounts.MarketMark>? Marks { get; init; }
}

/// <summary>Take collateral back while the position stays above initial margin at <c>Price</c>.</summary>
public sealed record RemoveCollateral(
    PositionId PositionId, AccountId AccountId, RequestId RequestId, decimal Amount, decimal Price, DateTimeOffset At)
    : IPositionCommand
{
    /// <summary>
    /// The market's initial margin rate in force at <c>Price</c> (dynamic margin): the position must keep
    /// equity above the higher of it and its own rate. Null: its own.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? InitialMarginRate { get; init; }

    /// <summary>Next-price execution: the request's and the price's numbers; null (and not written) when acting at the latest price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

/// <summary>Close <c>Fraction</c> (0 &lt; f &lt; 1) of the position at <c>Price</c>.</summary>
public sealed record DecreasePosition(
    PositionId PositionId, AccountId AccountId, RequestId RequestId, decimal Fraction, decimal Price, DateTimeOffset At)
    : IPositionCommand
{
    /// <summary>Next-price execution: the request's and the price's numbers; null (and not written) when acting at the latest price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

public sealed record ClosePosition(PositionId PositionId, AccountId AccountId, RequestId RequestId, decimal Price, DateTimeOffset At)
    : IPositionCommand
{
    /// <summary>Next-price execution: the request's and the price's numbers; null (and not written) when acting at the latest price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

/// <summary>Whether the position has recorded request <c>RequestId</c>: answered <see cref="Common.RequestRecorded"/>.</summary>
public sealed record GetPositionRequestRecorded(PositionId PositionId, RequestId RequestId) : IWithPositionId;

/// <summary>The position as it stands; valued at <c>Price</c> with interest to <c>BorrowIndex</c> when given.</summary>
public sealed record GetPosition(PositionId PositionId, decimal? Price, decimal? BorrowIndex) : IWithPositionId
{
    /// <summary>Its side's funding index now (issue 18): the view counts the funding owed since the open in equity. Null: none counted.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FundingIndex { get; init; }
}
