namespace LeverageActors.Tests.Faults;

/// <summary>A deposit the driver sent: its amount is unique within its account, so the journal shows whether it happened and how often.</summary>
public sealed record DepositSent(string Account, string Key, decimal Amount, Outcome Outcome);

/// <summary>An open the driver sent; the position id when the cluster acknowledged it.</summary>
public sealed record OpenSent(string Account, string Key, string Market, Outcome Outcome, string? PositionId);

public sealed record CloseSent(string Account, string PositionId, string Key, Outcome Outcome);

/// <summary>One source's report; never retried (a feed sends a new observation instead), so each is in the journal at most once.</summary>
public sealed record PriceSent(string Market, string Source, decimal Price, DateTimeOffset ObservedAt, Outcome Outcome);
