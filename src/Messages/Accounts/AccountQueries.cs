using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

public sealed record GetAccountBalance(AccountId AccountId) : IWithAccountId;

/// <summary>
/// An account's money: free, locked for opening positions, and on its way to a pool. The totals
/// are everything ever deposited and withdrawn, the two sides of the conservation invariant.
/// <c>PendingSteps</c> counts the saga steps the account has sent and not yet seen answered (LP
/// deposits and withdrawals on their way): zero once the account is quiet. <c>Assets</c> lists the
/// collateral assets other than USD the account has ever held; null (and left out of JSON) when none,
/// so a USD-only account reads as it always did.
/// </summary>
public sealed record AccountBalanceResponse(
    AccountId AccountId,
    decimal FreeBalance,
    decimal LockedCollateral,
    decimal InTransitToPools,
    decimal TotalDeposited,
    decimal TotalWithdrawn,
    int PendingSteps = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AssetBalance>? Assets = null) : ILeverageMessage
{
    /// <summary>The account has held cross positions: its free balance may be below zero, a debt its other assets back.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cross { get; init; }

    /// <summary>
    /// While the account holds cross positions, the markets whose prices value its cross margin (its
    /// positions' and its collateral assets'); null when it holds none.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MarketId>? MarkedBy { get; init; }
}

/// <summary>Whether the account has recorded request <c>RequestId</c>: answered <see cref="Common.RequestRecorded"/>.</summary>
public sealed record GetRequestRecorded(AccountId AccountId, RequestId RequestId) : IWithAccountId;
