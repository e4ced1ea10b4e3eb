using LeverageActors.Actors.Risk.Cross;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Risk.Cross;

namespace LeverageActors.Bench;

/// <summary>
/// Issue 16's watcher of cross accounts: N accounts, each with 2–3 cross positions and 1–2
/// collateral assets over ETH, BTC and SOL, in a <see cref="CrossRiskBook"/>. A tick crossing
/// nobody, a tick reaching 1% of the accounts (finding them, then refreshing their bands), and
/// the book's memory per account, against the baseline a watcher without an index pays: valuing
/// every account at the tick's prices.
/// </summary>
public static class CrossTickBench
{
    private static readonly MarketId[] Markets = [MarketId.From("ETH-USD"), MarketId.From("BTC-USD"), MarketId.From("SOL-USD")];
    private static readonly decimal[] Start = [2_000m, 40_000m, 150m];
    private static readonly decimal[] Weights = [0.90m, 0.90m, 0.85m];

    public static IEnumerable<Result> Run(int count, int runs)
    {
        var prices = Markets.Select((m, i) => (m, Start[i])).ToDictionary(x => x.m, x => x.Item2);
        var random = new Random(16);
        var accounts = new List<CrossAccountModel>(count);
        while (accounts.Count < count)
            if (Account(random, AccountId.From($"cross-{accounts.Count}"), prices) is { } account && account.Surplus(prices) > 0)
                accounts.Add(account);

        var exposures = accounts.Select(a => a.Exposure(prices)).ToList();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var book = new CrossRiskBook();
        foreach (var exposure in exposures)
            book.Refresh(exposure);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var eth = Markets[0];
        var quiet = Timing.Of(runs * 20, () => book.Crossed(eth, 2_000.5m));
        var scan = Timing.Of(runs, () =>
        {
            var below = 0;
            foreach (var account in accounts)
                if (account.Surplus(prices) < 0)
                    below++;
            GC.KeepAlive(below);
        });

        // The ETH price that reaches the 1% of accounts whose low edge in ETH is highest.
        var lows = book.Crossed(eth, 0m).Count;
        var onePercent = exposures.Select(e => CrossBands.Of(e).FirstOrDefault(b => b.Market == eth))
            .Where(b => b.Market == eth).Select(b => b.Low).OrderDescending().ElementAt(count / 100 - 1);
        IReadOnlyList<AccountId> reached = [];
        var find = Timing.Of(runs, () => reached = book.Crossed(eth, onePercent));
        var byId = exposures.ToDictionary(e => e.Account);
        var refresh = Timing.Of(runs, () =>
        {
            foreach (var id in reached)
                book.Refresh(byId[id]);
        });

        var label = $"cross accounts, {count:N0} (2–3 positions, 1–2 assets; {lows:N0} exposed to ETH)";
        yield return new Result(label, "tick crossing nobody", Report.Us(quiet.Median), $"{Report.Us(quiet.Min)}–{Report.Us(quiet.Max)}",
            $"valuing every account: {Report.Ms(scan.Median)}", Faster(quiet, scan), "< 1 ms");
        yield return new Result(label, $"tick reaching 1% ({reached.Count:N0} accounts): find", Report.Us(find.Median),
            $"{Report.Us(find.Min)}–{Report.Us(find.Max)}", $"valuing every account: {Report.Ms(scan.Median)}", Faster(find, scan), "reported");
        yield return new Result(label, $"tick reaching 1%: refresh their bands", Report.Us(refresh.Median),
            $"{Report.Us(refresh.Min)}–{Report.Us(refresh.Max)}", "", "", "reported");
        yield return new Result(label, "bytes per idle cross account (the book)", $"{(after - before) / (double)count:N0} B", "", "", "", "≤ 2 KB");
        GC.KeepAlive(book);
    }

    /// <summary>The index's time as a fraction of the scan's would print as 0.00×: how many times faster it is.</summary>
    private static string Faster(Timing index, Timing scan) => $"{scan.Median / index.Median:N0}× faster";

    private static CrossAccountModel? Account(Random random, AccountId id, IReadOnlyDictionary<MarketId, decimal> prices)
    {
        var assets = Pick(random, random.Next(1, 3));
        var markets = Pick(random, random.Next(2, 4));
        return new CrossAccountModel(id,
            [.. assets.Select(k => (Markets[k], Math.Round((decimal)random.NextDouble() * 5_000m / prices[Markets[k]], 8), Weights[k]))],
            [
                .. markets.Select(k =>
                {
                    var entry = Math.Round(prices[Markets[k]] * (1 + (decimal)(random.NextDouble() - 0.5) * 0.04m), 6);
                    var quantity = Math.Round((1_000m + (decimal)random.NextDouble() * 20_000m) / entry, 8);
                    return (Markets[k], random.Next(2) == 0 ? quantity : -quantity, entry);
                }),
            ],
            0.01m, 0.001m);
    }

    private static int[] Pick(Random random, int how) => [.. Enumerable.Range(0, Markets.Length).OrderBy(_ => random.Next()).Take(how)];
}
