using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>Journals made by the in-process exchange.</summary>
public static class JournalFixture
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly MarketId Eth = MarketId.From("ETH-USD");

    /// <summary>
    /// <paramref name="open"/> positions left open, <paramref name="closed"/> opened and closed. Every
    /// price is one the oracle accepted just before (the audit proves each one, rule price-proven):
    /// the opens within the first minute at 2,000, then the closes in 37 groups at 2,000 to 2,036,
    /// each group after its price is reported. Every position is 10× leveraged, or with
    /// <paramref name="tenfoldEvery"/> above 1 only one in that many (the rest 2×), so that a fall to
    /// 1,790 breaches that share of the longs alone (see <see cref="BreachedByFall"/>).
    /// </summary>
    public static InProcessExchange Trading(int open, int closed, int tenfoldEvery = 1)
    {
        var total = open + closed;
        // A side may carry 100,000,000 of notional by default (100,000 of these positions): above 100,000
        // positions the cap is lifted and the pool grows with the book, or most opens of a million
        // would be refused. A node recovers them under its own catalog: caps are checked at the open only.
        var wide = total > 100_000;
        var x = new InProcessExchange(wide
            ? new MarketCatalog(MarketCatalog.DefaultMarkets.ToDictionary(MarketId.From, _ => new MarketParameters() with { MaxOpenInterest = 1_000_000_000_000m }))
            : MarketCatalog.Default);
        var liquidity = wide ? total * 10_000m : 1_000_000_000m;
        var lp = AccountId.From("lp");
        Report(x, 2_000m, T0);
        x.Send(new OpenAccount(lp, RequestId.New(), T0));
        x.Send(new DepositFunds(lp, RequestId.New(), liquidity, T0));
        x.Send(new ProvideLiquidity(lp, RequestId.New(), Eth, liquidity, 2_000m, T0));
        for (var i = 0; i < total; i++)
        {
            var trader = AccountId.From($"t{i % 1000}");
            var at = T0.AddTicks(TimeSpan.TicksPerMinute / 2 * i / Math.Max(1, total));
            if (i < 1000)
            {
                x.Send(new OpenAccount(trader, RequestId.New(), at));
                x.Send(new DepositFunds(trader, RequestId.New(), 1_000_000m, at));
            }

            x.Send(new OpenPosition(PositionId.From($"p{i}"), trader, RequestId.New(), Eth, i % 2 == 0 ? PositionSide.Long : PositionSide.Short,
                100m, i % tenfoldEvery == 0 ? 10m : 2m, 2_000m, at));
        }

        for (var group = 0; group < 37; group++)
        {
            var at = T0.AddMinutes(1).AddSeconds(group);
            var price = 2_000m + group;
            Report(x, price, at);
            for (var i = open + group; i < total; i += 37)
                x.Send(new ClosePosition(PositionId.From($"p{i}"), AccountId.From($"t{i % 1000}"), RequestId.New(), price, at));
        }

        return x;
    }

    /// <summary>How many of the first <paramref name="open"/> positions of <see cref="Trading"/> are 10× longs, breached by a fall from 2,000 to 1,790.</summary>
    public static int BreachedByFall(int open, int tenfoldEvery = 1) =>
        Enumerable.Range(0, open).Count(i => i % 2 == 0 && i % tenfoldEvery == 0);

    private static void Report(InProcessExchange x, decimal price, DateTimeOffset at)
    {
        foreach (var source in OracleParameters.Default.Sources)
            x.Send(new ReportPrice(Eth, source, price, at, at));
    }
}
