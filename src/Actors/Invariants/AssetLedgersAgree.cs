using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;

namespace LeverageActors.Actors.Invariants;

/// <summary>
/// Two views of each collateral asset agree once no saga is in flight: what its ledger counts
/// against the cap, and what the accounts were credited less what they paid out. A deposit credited
/// without the ledger's admission, or for another amount, shows here.
/// </summary>
public static class AssetLedgersAgree
{
    public static IReadOnlyList<string> Check(IEnumerable<AccountBalanceResponse> accounts, IEnumerable<AssetLedgerView> ledgers)
    {
        var net = accounts.SelectMany(a => a.Assets ?? [])
            .GroupBy(b => b.Asset)
            .ToDictionary(g => g.Key, g => g.Sum(b => b.TotalDeposited - b.TotalWithdrawn));
        var ledgerList = ledgers.ToList();
        var violations = new List<string>();
        foreach (var ledger in ledgerList)
        {
            var credited = net.GetValueOrDefault(ledger.Asset);
            if (ledger.Deposited != credited)
                violations.Add($"asset {ledger.Asset}: its ledger counts {ledger.Deposited} deposited but accounts hold {credited} net of withdrawals");
            if (ledger.Deposited < 0)
                violations.Add($"asset {ledger.Asset}: its ledger counts a negative {ledger.Deposited}");
        }

        foreach (var (asset, credited) in net.Where(n => n.Value != 0 && ledgerList.All(l => l.Asset != n.Key)))
            violations.Add($"asset {asset}: accounts hold {credited} net of withdrawals but no ledger admitted any");
        return violations;
    }
}
