using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Deleveraging;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Deleveraging;

/// <summary>
/// The LPs' loss trigger on the pure states: a pool of 10,000 with no insurance fund yet, two longs and
/// one short at 10x opened at 2,000. A gap up leaves the short owing more than its collateral while the
/// PnL factor stays far below 0.85. The market's <see cref="AdlWatch"/> reads the journal as the node's does.
/// </summary>
public sealed class LpLossStory
{
    public ExchangeStory S { get; } = new(TestMarkets.WithoutPoolOpenInterestShare);

    public AdlWatch Watch { get; } = new(ExchangeStory.Eth);

    private int _read;

    public PositionId Big { get; }
    public PositionId Small { get; }
    public PositionId Short { get; }

    public LpLossStory()
    {
        S.PriceIs(2_000m);
        S.Provide(S.Funded("lp", 10_000m), 10_000m);
        // 1 ETH long on 400 at 5x, 0.45 ETH long on 300 at 3x, 1 ETH short on 200 at 10x.
        Big = S.Opens(S.Funded("big", 1_000m), PositionSide.Long, 400m, 5m, "big");
        Small = S.Opens(S.Funded("small", 1_000m), PositionSide.Long, 300m, 3m, "small");
        Short = S.Opens(S.Funded("short", 1_000m), PositionSide.Short, 200m, 10m, "short");
    }

    public void Catch()
    {
        for (; _read < S.X.Journal.Count; _read++)
            Watch.Observe(S.X.Journal[_read].Event);
    }

    public IReadOnlyList<AutoDeleverage> Tick(decimal price)
    {
        var sequence = S.PriceIs(price);
        Catch();
        var asked = Watch.OnTick(new PriceUpdated(ExchangeStory.Eth, price, S.Now, sequence), S.Now, TimeSpan.Zero);
        foreach (var c in asked)
            Assert.True(Assert.IsType<AutoDeleverageAnswer>(S.X.Send(c)).Started);
        Catch();
        return asked;
    }

    public AuditLedger Audit(Func<ILeverageEvent, ILeverageEvent>? edit = null)
    {
        var ledger = new AuditLedger(TestMarkets.WithoutPoolOpenInterestShare);
        foreach (var row in JournalRows.Of(S.X.Journal.Select(j => (j.PersistenceId, edit is null ? j.Event : edit(j.Event)))))
            ledger.Read(row);
        ledger.Finish();
        return ledger;
    }

    public IEnumerable<AutoDeleverageStarted> Reductions() => S.X.Journal.Select(j => j.Event).OfType<AutoDeleverageStarted>();
}
