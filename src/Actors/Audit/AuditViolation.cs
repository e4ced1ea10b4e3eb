namespace LeverageActors.Actors.Audit;

/// <summary>A broken rule: which entity, at which of its events, what was expected and what was found.</summary>
public sealed record AuditViolation(string Rule, string Entity, long Sequence, string Expected, string Found);
