using CsCheck;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Properties;

/// <summary>
/// Random sequences of deposits, withdrawals, LP moves, opens, collateral changes, decreases and
/// closes at random prices and times never create or destroy money, never reserve more than the
/// pool holds and never leave a negative balance.
/// </summary>
public class MoneyConservationProperties
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly MarketId Sol = MarketId.From("SOL-USD");
    private static readonly AccountId[] Traders = new[] { "t0", "t1", "t2", "lp" }.Select(AccountId.From).ToArray();

    /// <summary>One random step: what, who, how much (in cents), a price move in basis points, a choice, minutes later.</summary>
    public sealed record Step(int Kind, int Who, int Cents, int MoveBps, int Leverage, bool Long, int Pick, int Minutes);

    private static readonly Gen<Step> StepGen =
        Gen.Select(Gen.Int[0, 10], Gen.Int[0, 3], Gen.Int[1, 5_000_000], Gen.Int[-1_500, 1_500], Gen.Int[2, 50], Gen.Bool,
                Gen.Int[0, 1_000], Gen.Int[0, 24 * 60])
            .Select(t => new Step(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7, t.Item8));

    [Fact]
    public void Random_trading_never_creates_or_destroys_money()
    {
        var accepted = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        StepGen.Array[1, 60].Sample(steps => Run(steps, accepted), iter: 150);

        // The generator must really trade, not just be refused: each kind of position step succeeded somewhere.
        foreach (var kind in new[] { nameof(OpenPosition), nameof(ClosePosition), nameof(DecreasePosition), nameof(AddCollateral), nameof(RemoveCollateral), nameof(WithdrawLiquidity) })
            Assert.True(accepted.GetValueOrDefault(kind) > 0, $"no {kind} was ever accepted");
    }

    private static void Run(Step[] steps, System.Collections.Concurrent.ConcurrentDictionary<string, int> accepted)
    {
        var exchange = new InProcessExchange(MarketCatalog.Default);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var prices = new Dictionary<MarketId, decimal> { [Eth] = 2_000m, [Sol] = 100m };
        var positions = new List<(PositionId Id, AccountId Owner)>();
        foreach (var trader in Traders)
        {
            exchange.Send(new OpenAccount(trader, RequestId.New(), now));
            exchange.Send(new DepositFunds(trader, RequestId.New(), 50_000m, now));
        }

        exchange.Send(new ProvideLiquidity(Traders[3], RequestId.New(), Eth, 40_000m, prices[Eth], now));
        exchange.Send(new ProvideLiquidity(Traders[3], RequestId.New(), Sol, 5_000m, prices[Sol], now));

        foreach (var step in steps)
        {
            now = now.AddMinutes(step.Minutes);
            var market = step.Pick % 2 == 0 ? Eth : Sol;
            var who = Traders[step.Who];
            var amount = step.Cents / 100m;
            var open = positions.Count == 0 ? default : positions[step.Pick % positions.Count];
            object? command = step.Kind switch
            {
                0 => new DepositFunds(who, RequestId.New(), amount, now),
                1 => new WithdrawFunds(who, RequestId.New(), amount, now),
                2 => new ProvideLiquidity(who, RequestId.New(), market, amount, prices[market], now),
                3 => new WithdrawLiquidity(who, RequestId.New(), market, amount / 2, prices[market], now),
                4 or 5 => Open(positions, who, market, amount / 10, step, prices[market], now),
                6 when open.Id != default => new ClosePosition(open.Id, open.Owner, RequestId.New(), prices[MarketOf(exchange, open.Id)], now),
                7 when open.Id != default => new DecreasePosition(open.Id, open.Owner, RequestId.New(), (step.Pick % 9 + 1) / 10m,
                    prices[MarketOf(exchange, open.Id)], now),
                8 when open.Id != default => new AddCollateral(open.Id, open.Owner, RequestId.New(), amount / 100, now),
                9 when open.Id != default => new RemoveCollateral(open.Id, open.Owner, RequestId.New(), amount / 100,
                    prices[MarketOf(exchange, open.Id)], now),
                _ => null,
            };

            if (step.Kind == 10)
                prices[market] = Math.Max(0.01m, Math.Round(prices[market] * (1 + step.MoveBps / 10_000m), 2));
            if (command is not null && exchange.Send(command) is PositionCommandAccepted or LiquidityRequestCompleted)
                accepted.AddOrUpdate(command.GetType().Name, 1, (_, n) => n + 1);

            var violations = exchange.CheckInvariants(now);
            Assert.True(violations.Count == 0, $"after {command}: {string.Join("; ", violations)}");
        }
    }

    private static OpenPosition Open(List<(PositionId, AccountId)> positions, AccountId who, MarketId market,
        decimal collateral, Step step, decimal price, DateTimeOffset now)
    {
        var id = PositionId.New();
        positions.Add((id, who));
        return new OpenPosition(id, who, RequestId.New(), market, step.Long ? PositionSide.Long : PositionSide.Short,
            collateral, step.Leverage, price, now);
    }

    private static MarketId MarketOf(InProcessExchange exchange, PositionId id) =>
        exchange.Positions.First(p => p.Id == id).Market;
}
