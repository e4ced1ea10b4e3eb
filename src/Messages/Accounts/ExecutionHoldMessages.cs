using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// Keeps <c>Amount</c> of the account's free balance back for its request <c>RequestId</c> while the
/// request waits for its next price (next-price execution), until the request spends it (an LP
/// deposit of that request, a lock for the open of <c>Position</c>), it is released, or <c>Until</c>
/// passes. No other spend may take held funds (a withdrawal, collateral added to another position):
/// a trader who could empty the account while an open waits would make it fail once the price turns
/// against them, an option on the price. Answered <see cref="ExecutionHeld"/>, or refused
/// (<see cref="AccountCommandRejected"/>) when the free balance less what is held already cannot
/// cover it: a request the account cannot pay when it is sent is refused then, not once its price
/// is known (a trader could otherwise top the account up only when the price suits them). Held in
/// the account's memory only: nothing is recorded, and a hold lost with its account costs only that
/// one wait's guard. <c>At</c> is the caller's clock value; <c>Lease</c> names this hold for its
/// release: only the caller that took it can end it.
/// </summary>
public sealed record HoldForExecution(AccountId AccountId, RequestId RequestId, decimal Amount, DateTimeOffset At, DateTimeOffset Until,
    Guid Lease, PositionId? Position = null) : IWithAccountId
{
    /// <summary>
    /// A cross open's hold: the cross equity above the account's requirement its admission needs
    /// (its initial requirement and its fees; <c>Amount</c> is then its opening fee, paid in USD).
    /// Null for any other request, which takes <c>Amount</c> out of the account's equity one for one.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? CrossMarginNeeded { get; init; }

    /// <summary>The marks the account values its cross margin at when a hold needs it; null on a node without cross margin.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MarketMark>? Marks { get; init; }

    /// <summary>
    /// The request's market, and an open's side and leverage: the same key sent again with another of
    /// them is another request, refused as a reused key rather than held (null: not named).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MarketId? Market { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Positions.PositionSide? Side { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? Leverage { get; init; }
}

/// <summary>The hold is in place: the request may go to the oracle.</summary>
public sealed record ExecutionHeld(AccountId AccountId, RequestId RequestId) : ILeverageMessage;

/// <summary>The request was refused or never sent: the hold taken under <c>Lease</c> ends. Not answered.</summary>
public sealed record ReleaseExecutionHold(AccountId AccountId, RequestId RequestId, Guid Lease) : IWithAccountId;
