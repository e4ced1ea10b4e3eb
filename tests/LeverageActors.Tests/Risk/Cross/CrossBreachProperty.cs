using LeverageActors.Actors.Risk.Cross;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Risk.Cross;

/// <summary>
/// Issue 16 item 4's proof obligation: a breach cannot slip past the bands. Random cross accounts
/// (positions in up to three markets, ETH/BTC/SOL collateral) watched by a <see cref="CrossRiskBook"/>;
/// random walks and gaps in each market's price, one market per tick. After every tick, each account
/// the tick reached is checked at all current prices (liquidated when its surplus is negative,
/// refreshed otherwise), and then every account still in the book, reached or not, must have a
/// non-negative surplus at the current prices, computed by the independent model.
/// </summary>
public class CrossBreachProperty
{
    private static readonly MarketId[] Markets = [MarketId.From("ETH-USD"), MarketId.From("BTC-USD"), MarketId.From("SOL-USD")];
    private static readonly decimal[] Start = [2_000m, 40_000m, 150m];
    private static readonly decimal[] Weights = [0.90m, 0.90m, 0.85m];

    [Fact]
    public void No_account_left_unreached_is_below_maintenance_after_any_tick()
    {
        var liquidated = 0;
        var reached = 0L;
        var ticks = 0L;
        var watched = 0L;
        for (var seed = 1; seed <= 60; seed++)
        {
            var random = new Random(seed);
            var prices = Markets.Select((m, i) => (m, Start[i])).ToDictionary(x => x.m, x => x.Item2);
            var accounts = new Dictionary<AccountId, CrossAccountModel>();
            var book = new CrossRiskBook();
            for (var a = 0; a < 150; a++)
            {
                var account = RandomAccount(random, AccountId.From($"a{a}"), prices);
                if (account.Surplus(prices) <= 0)
                    continue;
                accounts[account.Id] = account;
                Assert.False(book.Refresh(account.Exposure(prices)));
            }

            for (var t = 0; t < 250; t++)
            {
                var k = random.Next(Markets.Length);
                var move = random.Next(20) == 0 ? (decimal)(random.NextDouble() - 0.5) * 0.2m : (decimal)(random.NextDouble() - 0.5) * 0.02m;
                prices[Markets[k]] = Math.Round(prices[Markets[k]] * (1 + move), 6);
                var crossed = book.Crossed(Markets[k], prices[Markets[k]]);
                ticks++;
                reached += crossed.Count;
                watched += book.Count;
                foreach (var id in crossed)
                {
                    var exposure = accounts[id].Exposure(prices);
                    if (exposure.Surplus < 0)
                    {
                        book.Remove(id);
                        accounts.Remove(id);
                        liquidated++;
                    }
                    else
                        book.Refresh(exposure);
                }

                foreach (var account in accounts.Values)
                    Assert.True(account.Surplus(prices) >= 0,
                        $"seed {seed}, tick {t}: {account.Id} is below maintenance ({account.Surplus(prices)}) and no tick reached it");
            }
        }

        Assert.True(liquidated > 100, $"the walks liquidated only {liquidated} accounts: they test too little");
        Assert.True(reached * 10 < watched, $"ticks reached {reached} of {watched} watched rows: the bands are too thin to be an index");
    }

    private static CrossAccountModel RandomAccount(Random random, AccountId id, IReadOnlyDictionary<MarketId, decimal> prices)
    {
        var collateral = Enumerable.Range(0, random.Next(1, 3))
            .Select(_ => random.Next(Markets.Length))
            .Distinct()
            .Select(k => (Markets[k], Math.Round((decimal)random.NextDouble() * 5_000m / prices[Markets[k]], 8), Weights[k]))
            .ToList();
        var positions = Enumerable.Range(0, random.Next(2, 4))
            .Select(_ => random.Next(Markets.Length))
            .Distinct()
            .Select(k =>
            {
                var notional = 1_000m + (decimal)random.NextDouble() * 20_000m;
                var entry = Math.Round(prices[Markets[k]] * (1 + (decimal)(random.NextDouble() - 0.5) * 0.04m), 6);
                var quantity = Math.Round(notional / entry, 8) * (random.Next(2) == 0 ? 1 : -1);
                return (Markets[k], quantity, entry);
            })
            .ToList();
        return new CrossAccountModel(id, collateral, positions, 0.01m, 0.001m);
    }
}
