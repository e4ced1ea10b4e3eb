using System.Text.Json.Serialization;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// The command took effect, now or earlier: <c>AlreadyApplied</c> is true when this request id
/// had been applied before and nothing moved this time.
/// </summary>
public sealed record AccountCommandAccepted(
    AccountId AccountId,
    RequestId RequestId,
    decimal FreeBalance,
    bool AlreadyApplied) : ILeverageMessage
{
    /// <summary>
    /// For a deposit or withdrawal of a collateral asset: that asset's balance after it, since
    /// <see cref="FreeBalance"/> is the USD one and a trader moving ETH asks how much ETH is left.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AssetBalanceNow? Asset { get; init; }
}

/// <summary>One asset's balance in an account, as an answer carries it.</summary>
public sealed record AssetBalanceNow(AssetId Asset, decimal Balance);

/// <summary>The command was refused and nothing changed.</summary>
public sealed record AccountCommandRejected(AccountId AccountId, RequestId? RequestId, Rejection Reason)
    : ILeverageMessage;
