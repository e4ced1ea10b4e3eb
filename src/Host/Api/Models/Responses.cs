using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Host.Api.Models;

/// <summary>The only time the key is shown: the node keeps nothing but its hash.</summary>
public sealed record AccountCreated(AccountId AccountId, string ApiKey);

public sealed record PoolHolding(MarketId Market, decimal Shares);

public sealed record AccountView(
    AccountId AccountId,
    decimal FreeBalance,
    decimal LockedCollateral,
    decimal InTransitToPools,
    decimal TotalDeposited,
    decimal TotalWithdrawn,
    IReadOnlyList<PoolHolding> PoolShares,
    IReadOnlyList<AssetBalanceView> Balances);

/// <summary>
/// One asset of an account in its units: USD first (its free balance; what positions lock is in
/// <c>lockedCollateral</c>), then each collateral asset, with the weights cross margin will value it at.
/// </summary>
public sealed record AssetBalanceView(
    AssetId Asset,
    decimal Balance,
    decimal TotalDeposited,
    decimal TotalWithdrawn,
    decimal InitialWeight,
    decimal MaintenanceWeight);

/// <summary>A pool's public state: no provider's holdings, those belong to their accounts.</summary>
public sealed record PoolView(
    MarketId Market,
    bool IsOpen,
    decimal Assets,
    decimal Reserved,
    decimal Utilization,
    decimal BorrowRate,
    decimal SupplyRate,
    decimal BorrowIndex,
    decimal PoolValue,
    decimal TotalShares,
    decimal LockedShares,
    decimal SharePrice,
    decimal InsuranceFund,
    decimal ProtocolFees,
    decimal BadDebt,
    DateTimeOffset? HaltedUntil,
    int OpenBreaches,
    decimal LongOpenInterest,
    decimal ShortOpenInterest,
    decimal? ValuedAtPrice,
    DateTimeOffset At);

public sealed record MarketView(
    MarketId Market,
    decimal? Price,
    DateTimeOffset? PriceAt,
    long PriceSequence,
    bool Stale,
    bool Halted,
    DateTimeOffset? HaltedUntil,
    MarketParameters Parameters,
    MarketVolatilityView? Volatility,
    MarginInForce? Margin = null)
{
    /// <summary>With price impact on in the market (else left out): long less short open interest, and the impact pool.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public MarketImpactView? Impact { get; init; }
}

/// <summary>What price impact is charged on (<c>Skew</c> = long − short open interest at entry) and what pays its rebates.</summary>
public sealed record MarketImpactView(decimal LongOpenInterest, decimal ShortOpenInterest, decimal Skew, decimal ImpactPool);

/// <summary>One journal event of a position, as it was recorded.</summary>
public sealed record HistoryEntry(long SequenceNr, string Type, DateTimeOffset At, object Event);

/// <summary>A page of the caller's positions, newest first: <c>Total</c> ever opened, <c>Next</c> the <c>before</c> of the page of older ones (null: none).</summary>
public sealed record PositionList(IReadOnlyList<PositionResponse> Positions, int Total, int? Next);

public sealed record PriceReportAnswer(MarketId Market, string Source, bool Accepted, string? IgnoredBecause, MarketView Now);

/// <summary>What an operator configured for a market; changed in configuration, read here.</summary>
public sealed record MarketConfigurationView(MarketId Market, MarketParameters Parameters, OracleParameters Oracle);

public sealed record HaltAnswer(MarketId Market, DateTimeOffset? HaltedUntil);

public sealed record MemberView(string Address, string Status, IReadOnlyList<string> Roles);

public sealed record JournalHealth(bool Reachable, string? Error);

public sealed record HealthView(string Status, string Node, IReadOnlyList<MemberView> Members, JournalHealth Journal, IReadOnlyList<MarketView> Markets);

public sealed record ProblemKindView(string Type, string Code, int Status, string Title);
