using LeverageActors.Messages.Positions;

namespace LeverageActors.Host.Api.Models;

/// <summary>A deposit, withdrawal, LP deposit or collateral change.</summary>
public sealed record AmountRequest(decimal Amount);

/// <summary>An account deposit or withdrawal: <c>asset</c> is USD when left out.</summary>
public sealed record AssetAmountRequest(decimal Amount, string? Asset = null);

/// <summary>LP shares to redeem.</summary>
public sealed record SharesRequest(decimal Shares);

/// <summary>The part of a position to close, 0 &lt; fraction &lt; 1.</summary>
public sealed record FractionRequest(decimal Fraction);

/// <summary>
/// <c>isolated</c> (true when left out) locks <c>collateral</c> for the position; false opens a cross
/// position, margined by the account's cross equity, sized <c>collateral</c> × <c>leverage</c> with nothing locked.
/// </summary>
public sealed record OpenPositionRequest(string Market, PositionSide Side, decimal Collateral, decimal Leverage, bool Isolated = true);

/// <summary>A price source's report, for oracles fed over HTTP; <c>observedAt</c> defaults to now.</summary>
public sealed record PriceReportRequest(string Source, decimal Price, DateTimeOffset? ObservedAt = null);

/// <summary>Halt new risk in a market for this many minutes (1 to 1,440).</summary>
public sealed record HaltRequest(int Minutes);
