using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;

namespace LeverageActors.Messages.Serialization;

/// <summary>
/// The frozen table of manifests. A manifest is written into every journal row, so once a type
/// has been persisted its manifest never changes and is never given to another type; a retired
/// type keeps its line (or its manifest stays listed in <see cref="Retired"/>).
/// </summary>
public static class MessageManifests
{
    private static readonly (Type Type, string Manifest)[] Table =
    [
        // common
        (typeof(Rejection), "rj"),

        // accounts: commands, queries, replies
        (typeof(OpenAccount), "ao"),
        (typeof(DepositFunds), "ad"),
        (typeof(WithdrawFunds), "aw"),
        (typeof(GetAccountBalance), "ab"),
        (typeof(AccountBalanceResponse), "abr"),
        (typeof(AccountCommandAccepted), "aca"),
        (typeof(AccountCommandRejected), "acr"),

        // accounts: events
        (typeof(AccountOpened), "AO"),
        (typeof(FundsDeposited), "AD"),
        (typeof(FundsWithdrawn), "AW"),
    ];

    /// <summary>Manifests once used and since retired: never to be reused.</summary>
    public static readonly IReadOnlySet<string> Retired = new HashSet<string>();

    public static readonly IReadOnlyDictionary<Type, string> ByType = Table.ToDictionary(e => e.Type, e => e.Manifest);

    public static readonly IReadOnlyDictionary<string, Type> ByManifest = Table.ToDictionary(e => e.Manifest, e => e.Type);
}
