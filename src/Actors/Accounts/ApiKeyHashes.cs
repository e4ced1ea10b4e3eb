using System.Security.Cryptography;
using System.Text;

namespace LeverageActors.Actors.Accounts;

/// <summary>Compares key hashes without leaking, through timing, how much of a guess was right.</summary>
public static class ApiKeyHashes
{
    public static bool Match(string? stored, string presented) =>
        stored is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(presented));
}
