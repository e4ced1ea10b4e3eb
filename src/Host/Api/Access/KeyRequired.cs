namespace LeverageActors.Host.Api.Access;

/// <summary>Endpoint metadata: the endpoint needs a bearer key (an account's or the operator's), so the OpenAPI document says so.</summary>
public sealed record KeyRequired(string Whose)
{
    public static KeyRequired Account { get; } = new("account");

    public static KeyRequired Operator { get; } = new("operator");
}
