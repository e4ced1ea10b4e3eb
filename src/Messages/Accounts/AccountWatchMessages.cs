using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// Word that <c>AccountId</c> may be below its cross maintenance requirement at <c>Marks</c> (one fresh
/// oracle price and borrow index per market): the account decides at those marks whether it is, and
/// if so starts or continues its liquidation by one step, for <c>Liquidator</c>. Sent by the
/// cross-account watcher when a tick reaches the account, and again at each new tick while it is
/// under liquidation. Answered with <see cref="CrossAccountChecked"/>.
/// </summary>
public sealed record CheckCrossAccount(AccountId AccountId, IReadOnlyList<MarketMark> Marks, AccountId Liquidator, DateTimeOffset At)
    : IWithAccountId
{
    /// <summary>
    /// The markets among <c>Marks</c> whose price came inside a circuit breaker's halt: a price the
    /// breaker doubts is no price to sell an account's collateral at. Null: none (or a watcher from
    /// before halts were sent).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MarketId>? Halted { get; init; }
}

/// <summary>
/// The account's answer to <see cref="CheckCrossAccount"/>: its maintenance equity and requirement at
/// the marks, and whether a liquidation is still open (then the sender checks again at the next tick).
/// </summary>
public sealed record CrossAccountChecked(AccountId AccountId, bool UnderLiquidation, decimal Equity, decimal Requirement) : ILeverageMessage;

/// <summary>What the cross-account watcher needs of an account at <c>Marks</c>: answered with <see cref="CrossExposureResponse"/>.</summary>
public sealed record GetCrossExposure(AccountId AccountId, IReadOnlyList<MarketMark> Marks) : IWithAccountId;

/// <summary>One market's part of a cross account's exposure: the price valued at, and how much the surplus can fall per unit of its move.</summary>
public sealed record CrossSensitivity(MarketId Market, decimal Price, decimal Sensitivity);

/// <summary>
/// An account's surplus (maintenance equity less requirement) at the marks and its sensitivity per
/// market; <c>Watched</c> is false for an account with nothing a price can liquidate (no cross
/// position and no USD debt), which the watcher drops.
/// </summary>
public sealed record CrossExposureResponse(AccountId AccountId, bool Watched, decimal Surplus, IReadOnlyList<CrossSensitivity> Markets)
    : ILeverageMessage;
