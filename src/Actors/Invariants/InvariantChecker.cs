using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Invariants;

/// <summary>
/// DESIGN §4 invariants 1–3 over the entities' own views. Money moves between entities by sagas,
/// so the books balance once every saga has finished: check when nothing is in flight (the audit
/// finishes what a journal leaves in flight before it checks).
/// </summary>
public static class InvariantChecker
{
    public static IReadOnlyList<string> Check(
        IEnumerable<AccountBalanceResponse> accounts,
        IEnumerable<PositionView> positions,
        IEnumerable<PoolStateResponse> pools)
    {
        var accountList = accounts.ToList();
        var open = positions.Where(p => p.Status == PositionStatus.Open).ToList();
        var poolList = pools.ToList();
        var violations = new List<string>();

        // 1. Conservation: nothing created, nothing destroyed.
        var held = accountList.Sum(a => a.FreeBalance + a.LockedCollateral + a.InTransitToPools)
                   + open.Sum(p => p.Collateral)
                   + poolList.Sum(p => p.Assets + p.InsuranceFund + p.ProtocolFees + p.ImpactPool);
        var brought = accountList.Sum(a => a.TotalDeposited - a.TotalWithdrawn);
        if (held != brought)
            violations.Add($"conservation: entities hold {held} but deposits less withdrawals are {brought} (difference {held - brought})");

        // 1b. Each collateral asset apart, in its own units: only its deposits and withdrawals move it.
        foreach (var asset in accountList.SelectMany(a => a.Assets ?? []).GroupBy(b => b.Asset))
        {
            var balances = asset.Sum(b => b.Balance);
            var net = asset.Sum(b => b.TotalDeposited - b.TotalWithdrawn);
            if (balances != net)
                violations.Add($"conservation of {asset.Key}: accounts hold {balances} but deposits less withdrawals are {net} (difference {balances - net})");
        }

        // 2. Every pool reserves exactly what its open positions reserve, within its assets.
        foreach (var pool in poolList)
        {
            var reserved = open.Where(p => p.Market == pool.Market).Sum(p => p.Reserved);
            if (pool.Reserved != reserved)
                violations.Add($"pool {pool.Market}: reserved {pool.Reserved} but its open positions reserve {reserved}");
            if (pool.Reserved < 0 || pool.Reserved > pool.Assets)
                violations.Add($"pool {pool.Market}: reserved {pool.Reserved} outside [0, assets {pool.Assets}]");
        }

        foreach (var market in open.Select(p => p.Market).Distinct().Where(m => poolList.All(p => p.Market != m)))
            violations.Add($"positions open on {market} but its pool was not checked");

        // 3. No negative balance anywhere but a cross account's USD debt (its other assets back it); shares add up.
        foreach (var a in accountList)
            if ((a.FreeBalance < 0 && !a.Cross) || a.LockedCollateral < 0 || a.InTransitToPools < 0)
                violations.Add($"account {a.AccountId}: negative balance (free {a.FreeBalance}, locked {a.LockedCollateral}, in transit {a.InTransitToPools})");
        foreach (var a in accountList)
            foreach (var b in (a.Assets ?? []).Where(b => b.Balance < 0))
                violations.Add($"account {a.AccountId}: negative {b.Asset} balance {b.Balance}");
        foreach (var p in open.Where(p => p.Collateral < 0 || p.Reserved < 0))
            violations.Add($"position {p.PositionId}: negative collateral {p.Collateral} or reserved {p.Reserved}");
        foreach (var pool in poolList)
        {
            if (pool.Assets < 0 || pool.InsuranceFund < 0 || pool.ProtocolFees < 0 || pool.ImpactPool < 0)
                violations.Add($"pool {pool.Market}: negative assets {pool.Assets}, insurance {pool.InsuranceFund}, fees {pool.ProtocolFees} or impact pool {pool.ImpactPool}");
            var shares = pool.Providers.Sum(s => s.Shares) + pool.LockedShares;
            if (shares != pool.TotalShares || pool.Providers.Any(s => s.Shares < 0))
                violations.Add($"pool {pool.Market}: providers hold {shares - pool.LockedShares} shares and {pool.LockedShares} are locked, of {pool.TotalShares}");
        }

        return violations;
    }
}
