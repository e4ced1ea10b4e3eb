namespace LeverageActors.Actors.Audit;

/// <summary>A rule an event broke, before the ledger names the entity and the event.</summary>
public sealed record AuditFinding(string Rule, string Expected, string Found);
