using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>Deposits a collateral asset (not USD, which <see cref="DepositFunds"/> moves): only that asset's balance changes.</summary>
public sealed record DepositAsset(AccountId AccountId, RequestId RequestId, AssetId Asset, decimal Amount, DateTimeOffset At)
    : IAccountCommand;

public sealed record WithdrawAsset(AccountId AccountId, RequestId RequestId, AssetId Asset, decimal Amount, DateTimeOffset At)
    : IAccountCommand
{
    /// <summary>The marks a cross-margin account is valued at before this leaves it; null when none was needed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MarketMark>? Marks { get; init; }
}
