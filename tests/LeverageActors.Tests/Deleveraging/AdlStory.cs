using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Deleveraging;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Deleveraging;

/// <summary>
/// A one-sided market told to the pure states (<see cref="ExchangeStory"/>) with the market's
/// <see cref="AdlWatch"/> reading its journal as the node's deleverager does: a pool of 10,000 and five
/// longs and a short opened at 2,000, reserving 8,900 between them.
/// </summary>
public sealed class AdlStory
{
    // The pool-share cap on open interest (issue 18) would keep these longs under half the pool,
    // and then their profit, bounded by what they reserve, under 0.85 of it: lifted, as the story is about ADL.
    public ExchangeStory S { get; } = new(TestMarkets.WithoutPoolOpenInterestShare);

    public AdlWatch Watch { get; } = new(ExchangeStory.Eth);

    public List<AutoDeleverageAnswer> Answers { get; } = [];

    private int _read;

    public PositionId A { get; }
    public PositionId B { get; }
    public PositionId C { get; }
    public PositionId D { get; }
    public PositionId E { get; }
    public PositionId F { get; }

    public AdlStory()
    {
        S.PriceIs(2_000m);
        var lp = S.Funded("lp", 10_000m);
        S.Provide(lp, 10_000m);
        // Long 2 ETH on 398 (400 less the fee), 3,600 reserved; and so on down the list.
        A = S.Opens(S.Funded("a", 1_000m), PositionSide.Long, 400m, 10m, "a");
        B = S.Opens(S.Funded("b", 1_000m), PositionSide.Long, 600m, 5m, "b");
        C = S.Opens(S.Funded("c", 1_000m), PositionSide.Long, 1_000m, 2m, "c");
        D = S.Opens(S.Funded("d", 1_000m), PositionSide.Long, 800m, 2.5m, "d");
        E = S.Opens(S.Funded("e", 1_000m), PositionSide.Long, 300m, 3m, "e");
        F = S.Opens(S.Funded("f", 1_000m), PositionSide.Short, 100m, 2m, "f");
    }

    /// <summary>The watch reads what the journal holds so far.</summary>
    public void Catch()
    {
        for (; _read < S.X.Journal.Count; _read++)
            Watch.Observe(S.X.Journal[_read].Event);
    }

    /// <summary>The oracle publishes <paramref name="price"/>; the watch acts on it and every reduction it asks for is delivered.</summary>
    public IReadOnlyList<AutoDeleverage> Tick(decimal price, bool catchUp = true)
    {
        var sequence = S.PriceIs(price);
        if (catchUp)
            Catch();
        var asked = new List<AutoDeleverage>();
        var pending = new Queue<AutoDeleverage>(Watch.OnTick(new PriceUpdated(ExchangeStory.Eth, price, S.Now, sequence), S.Now, TimeSpan.Zero));
        while (pending.TryDequeue(out var c))
        {
            asked.Add(c);
            var answer = Assert.IsType<AutoDeleverageAnswer>(S.X.Send(c));
            Answers.Add(answer);
            if (!answer.Started)
                foreach (var next in Watch.Skipped(answer.PositionId, answer.Round, S.Now))
                    pending.Enqueue(next);
        }

        Catch();
        return asked;
    }

    public decimal Factor()
    {
        Catch();
        var (net, value) = Watch.Measure(S.Price(), S.Now);
        return AdlMath.Factor(net, value);
    }

    public AuditLedger Audit()
    {
        var ledger = new AuditLedger(TestMarkets.WithoutPoolOpenInterestShare);
        foreach (var row in JournalRows.Of(S.X.Journal))
            ledger.Read(row);
        ledger.Finish();
        return ledger;
    }

    public IEnumerable<AutoDeleverageStarted> Reductions() => S.X.Journal.Select(j => j.Event).OfType<AutoDeleverageStarted>();
}
