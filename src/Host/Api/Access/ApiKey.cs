using System.Security.Cryptography;
using System.Text;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api.Access;

/// <summary>
/// A trader's API key: <c>lvk.{account}.{secret}</c>. The account id in the key tells the node
/// which account to check it against; only the SHA-256 of the 256-bit secret is stored there.
/// </summary>
public sealed record ApiKey(AccountId Account, string Secret)
{
    private const string Prefix = "lvk";

    public static ApiKey New(AccountId account) =>
        new(account, Base64Url(RandomNumberGenerator.GetBytes(32)));

    public override string ToString() => $"{Prefix}.{Account}.{Secret}";

    /// <summary>Hex SHA-256 of the secret: what the account stores. A fast hash suffices for 256 random bits.</summary>
    public string Hash => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(Secret)));

    public static ApiKey? Parse(string token)
    {
        var parts = token.Split('.');
        return parts is [Prefix, var account, { Length: >= 16 and <= 128 } secret] && IdRules.IsValid(account)
            ? new ApiKey(AccountId.From(account), secret)
            : null;
    }

    /// <summary>Account ids the API creates: unguessable, and free of the key's separator.</summary>
    public static AccountId NewAccountId() => AccountId.From("acct-" + Hex(RandomNumberGenerator.GetBytes(8)));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
