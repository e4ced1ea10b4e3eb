using System.Text.Json.Nodes;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Golden;

namespace LeverageActors.Tests.Pools;

/// <summary>
/// The risk index (<see cref="MarketRiskIndex"/>, and the simulator's) follows the borrow index by
/// folding the pool's events into <see cref="Borrowing"/> alone, not into a second pool. Two views of
/// one fact: that fold is the pool's own borrowing after every event, its loans are the pool's
/// reservations (the pool keeps none besides them), and it ends at the figures the golden states recorded before the pools were split.
/// </summary>
public class BorrowingFoldSpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketParameters Defaults = new();

    private static string Committed(string name) => File.ReadAllText(Path.Combine(GoldenJournalFile.Directory, name));

    [Fact]
    public void Folded_alone_over_the_golden_journal_the_borrowing_is_the_pools_own_after_every_event()
    {
        var journal = GoldenJournalFile.Events(Committed(GoldenJournalFile.JournalName)).Select(e => e.Event);
        var folded = PoolFollowerFold.AfterEveryPoolEvent(MarketCatalog.Default, journal, Borrowing.Initial, (b, e) => b.Apply(e), (pool, borrowing) =>
        {
            Assert.Equal(Figures(pool.Borrowing), Figures(borrowing));
            // The pool keeps no loans of its own: its reservations tell them, the same to the last field.
            Assert.Empty(pool.Borrowing.Loans);
            Assert.Equal(Keyed(pool.Reservations.Keys.Select(id => (id, pool.Book.LoanOf(id)!))), Keyed(borrowing.Loans.Select(l => (l.Key, l.Value))));
            Assert.Equal(ById(pool.Reservations.Select(r => (r.Key, r.Value.Reserved, r.Value.BorrowIndex))), Loans(borrowing));
        });

        Assert.True(folded > 100, $"the golden journal has {folded} pool events");
    }

    [Fact]
    public void At_the_golden_journals_end_the_fold_gives_the_borrow_index_the_golden_states_recorded()
    {
        var journal = GoldenJournalFile.Events(Committed(GoldenJournalFile.JournalName)).Select(e => e.Event).ToList();
        var end = journal.Max(Actors.Audit.AuditLedger.TimeOf);
        var alone = new Dictionary<MarketId, Borrowing>();
        foreach (var e in journal.OfType<IPoolEvent>())
            alone[e.Market] = (alone.GetValueOrDefault(e.Market) ?? Borrowing.Initial).Apply(e);

        var golden = JsonNode.Parse(Committed(GoldenJournalFile.StatesName))!["pools"]!.AsArray();
        Assert.Equal(alone.Keys.Select(m => m.Value).Order(), golden.Select(p => p!["market"]!.GetValue<string>()).Order());
        foreach (var pool in golden)
        {
            var view = pool!["view"]!;
            var borrowing = alone[MarketId.From(pool["market"]!.GetValue<string>())].AccruedTo(end);
            Assert.Equal(view["borrowIndex"]!.GetValue<decimal>(), borrowing.BorrowIndex);
            Assert.Equal(view["assets"]!.GetValue<decimal>(), borrowing.Assets);
            Assert.Equal(view["reserved"]!.GetValue<decimal>(), borrowing.Reserved);
            Assert.Equal(view["accruedInterest"]!.GetValue<decimal>(), borrowing.AccruedInterest);
        }
    }

    [Fact]
    public void A_cancelled_open_gives_back_its_loan_and_the_LPs_part_of_its_fee()
    {
        var b = Fold(Opened, Deposit(1_000_000m), Reserve("p-1", 400_000m, T0),
            new ReservationCancelled(Eth, PositionId.From("p-1"), 400_000m, T0));

        Assert.Equal(1_000_000m, b.Assets); // 1,000,000 + 90 of the 100 fee, then the 90 back
        Assert.Equal(0m, b.Reserved);
        Assert.Empty(b.Loans);
    }

    [Fact]
    public void A_year_at_40_percent_utilization_then_a_half_settlement_repays_half_the_loan()
    {
        var settled = new Settlement(0, 0, 0, 0, 0, 0, 0, ToPool: 1_500m, 0, 0, 0, InsuranceCover: 0, BadDebt: 0);
        var year = T0.AddDays(365);
        var b = Fold(Opened, Deposit(1_000_000m), Reserve("p-1", 400_000m, T0),
            new PositionSettled(Eth, PositionId.From("p-1"), 1, 0.5m, 2_000m, settled, year));

        // 400,000 of 1,000,090 lent: about 2% a year below the kink (0.04 · u / 0.8), compounded continuously.
        var rate = BorrowRateModel.BorrowRate(400_000m / 1_000_090m, Defaults);
        Assert.Equal(BorrowRateModel.Accrue(1m, rate, TimeSpan.FromDays(365)), b.BorrowIndex);
        Assert.Equal(1_000_090m + 1_500m, b.Assets);
        Assert.Equal(200_000m, b.Reserved);
        Assert.Equal(new Loan(200_000m, 1m, 90m), b.Loans[PositionId.From("p-1")]);
    }

    private static readonly PoolOpened Opened = new(Eth, Defaults, T0);

    private static LiquidityAdded Deposit(decimal amount) =>
        new(Eth, AccountId.From("lp"), RequestId.New(), amount, amount, 2_000m, T0);

    private static LiquidityReserved Reserve(string position, decimal reserved, DateTimeOffset at) =>
        new(Eth, PositionId.From(position), PositionSide.Long, 200m, 2_000m, 45_000m, reserved, 100m, 10m, 1m, at);

    private static Borrowing Fold(params IPoolEvent[] events) => events.Aggregate(Borrowing.Initial, (b, e) => b.Apply(e));

    private static object Figures(Borrowing b) =>
        (b.Parameters, b.Assets, b.Reserved, b.ScaledReserved, b.BorrowIndex, b.LastAccrual);

    private static List<(PositionId, decimal, decimal)> Loans(Borrowing b) =>
        ById(b.Loans.Select(l => (l.Key, l.Value.Amount, l.Value.IndexAtOpen)));

    private static List<(PositionId, Loan)> Keyed(IEnumerable<(PositionId Id, Loan Loan)> loans) =>
        loans.OrderBy(l => l.Id.Value, StringComparer.Ordinal).ToList();

    private static List<(PositionId, decimal, decimal)> ById(IEnumerable<(PositionId Id, decimal, decimal)> loans) =>
        loans.OrderBy(l => l.Id.Value, StringComparer.Ordinal).ToList();
}
