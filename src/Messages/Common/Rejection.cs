namespace LeverageActors.Messages.Common;

/// <summary>
/// Why a command was refused: a stable machine-readable code (the HTTP problem type is derived
/// from it) and a sentence a caller can show to a person.
/// </summary>
public sealed record Rejection(string Code, string Message) : ILeverageMessage;

/// <summary>The codes are part of the public contract: add new ones, never rename.</summary>
public static class RejectionCodes
{
    public const string InvalidAmount = "invalid-amount";
    public const string InsufficientBalance = "insufficient-balance";
    public const string AccountNotFound = "account-not-found";
    public const string AccountAlreadyExists = "account-already-exists";
}
