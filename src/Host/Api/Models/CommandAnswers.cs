using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api.Models;

/// <summary>
/// An account command took effect, now or before (<c>AlreadyApplied</c>: nothing moved this time).
/// <c>FreeBalance</c> is USD's; a collateral asset's move also names the asset and its balance now.
/// </summary>
public sealed record AccountCommandAnswer(
    AccountId AccountId, RequestId RequestId, decimal FreeBalance, bool AlreadyApplied, AssetId? Asset = null, decimal? Balance = null);

/// <summary>A position command took effect, now or before; the position as it stands after it.</summary>
public sealed record PositionCommandAnswer(PositionId PositionId, RequestId RequestId, PositionResponse Position, bool AlreadyApplied);

/// <summary>Money moved into or out of a pool: the amount and the shares minted or burnt.</summary>
public sealed record LiquidityMoveAnswer(AccountId AccountId, RequestId RequestId, MarketId Market, decimal Amount, decimal Shares);
