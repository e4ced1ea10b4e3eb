using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>The trader puts free balance into a market's pool as a liquidity provider.</summary>
public sealed record ProvideLiquidity(AccountId AccountId, RequestId RequestId, MarketId Market, decimal Amount, decimal Price, DateTimeOffset At)
    : IAccountCommand
{
    /// <summary>The marks a cross-margin account is valued at before this leaves it; null when none was needed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MarketMark>? Marks { get; init; }

    /// <summary>Next-price execution: the request's and the price's numbers; null (and not written) when acting at the latest price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

/// <summary>The trader redeems pool shares back into free balance.</summary>
public sealed record WithdrawLiquidity(AccountId AccountId, RequestId RequestId, MarketId Market, decimal Shares, decimal Price, DateTimeOffset At)
    : IAccountCommand
{
    /// <summary>Next-price execution: the request's and the price's numbers; null (and not written) when acting at the latest price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

/// <summary>Answer to <see cref="ProvideLiquidity"/> or <see cref="WithdrawLiquidity"/> once the pool has acted.</summary>
public sealed record LiquidityRequestCompleted(AccountId AccountId, RequestId RequestId, MarketId Market, decimal Amount, decimal Shares)
    : ILeverageMessage;
