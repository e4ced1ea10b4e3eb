using System.Text.Json.Serialization;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>The amount left the free balance on its way to the pool.</summary>
public sealed record PoolDepositStarted(AccountId AccountId, RequestId RequestId, MarketId Market, decimal Amount, decimal Price, DateTimeOffset At)
    : IAccountEvent
{
    /// <summary>The marks a cross-margin account is valued at before this leaves it; null when none was needed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MarketMark>? Marks { get; init; }

    /// <summary>Next-price execution: the request's and the price's numbers; null (and not written) when acting at the latest price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

public sealed record PoolDepositCompleted(AccountId AccountId, RequestId RequestId, MarketId Market, decimal Amount, decimal Shares, DateTimeOffset At)
    : IAccountEvent;

/// <summary>The pool refused; the amount is back in the free balance.</summary>
public sealed record PoolDepositRefunded(AccountId AccountId, RequestId RequestId, MarketId Market, decimal Amount, Rejection Reason, DateTimeOffset At)
    : IAccountEvent;

public sealed record PoolWithdrawalStarted(AccountId AccountId, RequestId RequestId, MarketId Market, decimal Shares, decimal Price, DateTimeOffset At)
    : IAccountEvent
{
    /// <summary>Next-price execution: the request's and the price's numbers; null (and not written) when acting at the latest price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

public sealed record PoolWithdrawalCompleted(AccountId AccountId, RequestId RequestId, MarketId Market, decimal Shares, decimal Amount, DateTimeOffset At)
    : IAccountEvent;

public sealed record PoolWithdrawalFailed(AccountId AccountId, RequestId RequestId, MarketId Market, Rejection Reason, DateTimeOffset At)
    : IAccountEvent;
