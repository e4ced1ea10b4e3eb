using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>Journals made by the in-process exchange.</summary>
public static class JournalFixture
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly MarketId Eth = MarketId.From("ETH-USD");

    /// <summary><paramref name="open"/> positions left open, <paramref name="closed"/> opened and closed.</summary>
    public static InProcessExchange Trading(int open, int closed)
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        var lp = AccountId.From("lp");
        x.Send(new OpenAccount(lp, RequestId.New(), T0));
        x.Send(new DepositFunds(lp, RequestId.New(), 1_000_000_000m, T0));
        x.Send(new ProvideLiquidity(lp, RequestId.New(), Eth, 1_000_000_000m, 2_000m, T0));
        for (var i = 0; i < open + closed; i++)
        {
            var trader = AccountId.From($"t{i % 1000}");
            var at = T0.AddSeconds(i);
            if (i < 1000)
            {
                x.Send(new OpenAccount(trader, RequestId.New(), at));
                x.Send(new DepositFunds(trader, RequestId.New(), 1_000_000m, at));
            }

            var position = PositionId.From($"p{i}");
            x.Send(new OpenPosition(position, trader, RequestId.New(), Eth, i % 2 == 0 ? PositionSide.Long : PositionSide.Short,
                100m, 10m, 2_000m, at));
            if (i >= open)
                x.Send(new ClosePosition(position, trader, RequestId.New(), 2_000m + i % 37, at.AddSeconds(1)));
        }

        return x;
    }
}
