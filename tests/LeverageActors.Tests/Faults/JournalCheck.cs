using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Faults;

/// <summary>
/// The journal read as the audit reads it (every row through the same pure folds), and what the
/// driver sent held against it: whatever the cluster acknowledged is there exactly once, whatever
/// it refused or left unanswered at most once, and nothing is there that nobody sent.
/// </summary>
public sealed class JournalCheck
{
    private readonly List<FundsDeposited> _deposits = [];
    private readonly List<PositionOpenRequested> _opens = [];
    private readonly List<PositionSettlementRequested> _closes = [];
    private readonly List<PriceReported> _reports = [];

    private JournalCheck(AuditLedger ledger) => Ledger = ledger;

    public AuditLedger Ledger { get; }

    /// <summary>Reads the whole journal now (on PostgreSQL a consistent snapshot, even while nodes write).</summary>
    public static JournalCheck Read(JournalDatabase journal)
    {
        var check = new JournalCheck(new AuditLedger(MarketCatalog.Default));
        foreach (var row in JournalSource.For(journal).Rows())
            switch (check.Ledger.Read(row))
            {
                case FundsDeposited d: check._deposits.Add(d); break;
                case PositionOpenRequested o: check._opens.Add(o); break;
                case PositionSettlementRequested { Fraction: 1m } c: check._closes.Add(c); break;
                case PriceReported r: check._reports.Add(r); break;
            }

        check.Ledger.Finish();
        return check;
    }

    /// <summary>Sagas the journal leaves unfinished.</summary>
    public int SagasInFlight => Ledger.Totals().SagasInFlight;

    /// <summary>
    /// Breaches nothing has resolved: open positions still breached, and pools still counting a
    /// breach (they pause LP withdrawals while they do). A position its trader closed while
    /// breached keeps the breach in its state, but its close resolved it: the pool's settlement of
    /// the whole position ends the breach, and a liquidator is answered that it is resolved.
    /// </summary>
    public IReadOnlyList<string> OpenBreaches =>
        Ledger.Positions.Values.Where(p => p.Status == PositionStatus.Open && p.OpenBreach is not null).Select(p => p.Id.Value)
            .Concat(Ledger.Pools.Values.Where(p => p.OpenBreaches > 0).Select(p => $"pool {p.Market} counting {p.OpenBreaches}"))
            .ToList();

    /// <summary>Every way what the driver sent and what the journal holds disagree; empty when they agree.</summary>
    public IReadOnlyList<string> AgainstSent(LoadDriver driver)
    {
        var problems = new List<string>();

        var deposits = _deposits.GroupBy(d => (d.AccountId.Value, d.Amount)).ToDictionary(g => g.Key, g => g.Count());
        var sentDeposits = driver.Deposits.ToList();
        foreach (var d in sentDeposits)
            Expect(problems, $"deposit {d.Key}", d.Outcome, deposits.GetValueOrDefault((d.Account, d.Amount)));
        var sentKeys = sentDeposits.Select(d => (d.Account, d.Amount)).ToHashSet();
        foreach (var ((account, amount), _) in deposits.Where(d => !sentKeys.Contains(d.Key)))
            problems.Add($"a deposit of {amount} into {account} that the driver never sent");

        var opens = _opens.GroupBy(o => o.PositionId.Value).ToDictionary(g => g.Key, g => g.Count());
        foreach (var o in driver.Opens.Where(o => o.Outcome == Outcome.Acknowledged))
            Expect(problems, $"open {o.Key} ({o.PositionId})", o.Outcome, opens.GetValueOrDefault(o.PositionId!));
        // A position per open request at most: a retry that made a second position would show as more positions than opens sent.
        foreach (var account in driver.Traders)
        {
            var positions = _opens.Count(o => o.AccountId.Value == account);
            var sent = driver.Opens.Count(o => o.Account == account);
            if (positions > sent)
                problems.Add($"{account} has {positions} positions from {sent} opens sent");
        }

        var closes = _closes.GroupBy(c => c.PositionId.Value).ToDictionary(g => g.Key, g => g.Count());
        foreach (var c in driver.Closes)
            Expect(problems, $"close {c.Key}", c.Outcome, closes.GetValueOrDefault(c.PositionId));

        var reports = _reports.GroupBy(r => (r.Market.Value, r.Source, r.Price, r.ObservedAt)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var p in driver.Prices)
            Expect(problems, $"{p.Source}'s {p.Market} report of {p.Price} observed at {p.ObservedAt:O}", p.Outcome,
                reports.GetValueOrDefault((p.Market, p.Source, p.Price, p.ObservedAt)));
        return problems;
    }

    private static void Expect(List<string> problems, string what, Outcome outcome, int found)
    {
        if (outcome == Outcome.Acknowledged ? found != 1 : found > 1)
            problems.Add($"{what}: {outcome}, in the journal {found} time(s)");
    }
}
