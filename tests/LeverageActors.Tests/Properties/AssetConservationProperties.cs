using CsCheck;
using LeverageActors.Actors.Assets;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Properties;

/// <summary>
/// Random sequences of USD and collateral asset deposits and withdrawals by several accounts, against
/// small caps, with sends cut off mid-saga, node restarts and callers retrying the same request,
/// conserve every asset apart, never let an asset's ledger pass its cap, keep each ledger equal to
/// its accounts once nothing is in flight, and audit clean.
/// </summary>
public class AssetConservationProperties
{
    private static readonly AccountId[] Accounts = new[] { "a0", "a1", "a2" }.Select(AccountId.From).ToArray();
    private static readonly AssetId[] Assets = new[] { "ETH", "BTC", "SOL" }.Select(AssetId.From).ToArray();

    /// <summary>Caps small enough that random deposits reach them.</summary>
    private static readonly MarketCatalog Catalog = new(MarketCatalog.Default.Markets, collateral: CollateralAssets.For(
        MarketCatalog.Default.Markets.Keys,
        new Dictionary<AssetId, CollateralParameters>
        {
            [Assets[0]] = new(0.80m, 0.90m, 50m),
            [Assets[1]] = new(0.80m, 0.90m, 5m),
            [Assets[2]] = new(0.75m, 0.85m, 1_000m),
        }));

    /// <summary>What, who, which asset, how much (in hundredths), after how many deliveries a cut send stops.</summary>
    public sealed record Step(int Kind, int Who, int Asset, int Hundredths, int CutAfter);

    private static readonly Gen<Step> StepGen =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[1, 4_000], Gen.Int[1, 3])
            .Select(t => new Step(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5));

    [Fact]
    public void Random_asset_moves_crashes_and_retries_conserve_each_asset_and_audit_clean()
    {
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        StepGen.Array[1, 30].Sample(steps => new Run(seen).Play(steps), iter: 2_000);

        foreach (var kind in new[] { "deposit", "withdrawal", "cap", "short", "crash-deposit", "crash-withdrawal", "retry" })
            Assert.True(seen.GetValueOrDefault(kind) > 0, $"no {kind} ever happened");
    }

    private sealed class Run(System.Collections.Concurrent.ConcurrentDictionary<string, int> seen)
    {
        private readonly InProcessExchange _x = new(Catalog);
        private readonly List<object> _sent = [];
        private readonly DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Play(Step[] steps)
        {
            foreach (var account in Accounts)
            {
                _x.Send(new OpenAccount(account, RequestId.New(), _now));
                _x.Send(new DepositFunds(account, RequestId.New(), 1_000m, _now));
            }

            foreach (var step in steps)
            {
                Do(step);
                var violations = _x.CheckInvariants(_now);
                Assert.True(violations.Count == 0, $"after {step}: {string.Join("; ", violations)}");
                foreach (var ledger in _x.AssetLedgers)
                    Assert.True(ledger.Deposited <= ledger.Cap, $"{ledger.Asset}: {ledger.Deposited} past its cap {ledger.Cap}");
            }

            var audit = new AuditLedger(Catalog);
            foreach (var row in JournalRows.Of(_x.Journal))
                audit.Read(row);
            audit.Finish();
            Assert.True(audit.Violations.Count == 0,
                string.Join(Environment.NewLine, audit.Violations.Select(v => $"{v.Rule} {v.Entity}#{v.Sequence}: expected {v.Expected}, found {v.Found}")));
            foreach (var totals in audit.Totals().Assets ?? [])
                Assert.Equal(totals.Deposits - totals.Withdrawals, totals.Held);
        }

        private void Do(Step step)
        {
            var who = Accounts[step.Who];
            var asset = Assets[step.Asset];
            var amount = step.Hundredths / 100m;
            switch (step.Kind)
            {
                case 0:
                    _x.Send(new DepositFunds(who, RequestId.New(), amount, _now));
                    break;
                case 1:
                    _x.Send(new WithdrawFunds(who, RequestId.New(), amount, _now));
                    break;
                case 2:
                    Note(Send(new DepositAsset(who, RequestId.New(), asset, amount, _now)), "deposit");
                    break;
                case 3:
                    Note(Send(new WithdrawAsset(who, RequestId.New(), asset, amount / 10, _now)), "withdrawal");
                    break;
                case 4:
                    Crash(new DepositAsset(who, RequestId.New(), asset, amount, _now), step.CutAfter, "crash-deposit");
                    break;
                case 5:
                    Crash(new WithdrawAsset(who, RequestId.New(), asset, amount / 10, _now), step.CutAfter, "crash-withdrawal");
                    break;
                case 6 when Recorded().ToList() is { Count: > 0 } recorded:
                    // A caller that never saw its answer sends a request the account recorded again: nothing
                    // moves twice. (A request refused without a record, e.g. for a short balance, is a new attempt.)
                    var again = recorded[step.Hundredths % recorded.Count];
                    var before = Holdings();
                    var reply = _x.Send(again);
                    Assert.Equal(before, Holdings());
                    Assert.True(reply is AccountCommandAccepted { AlreadyApplied: true } or AccountCommandRejected, $"{again} answered {reply}");
                    seen.AddOrUpdate("retry", 1, (_, n) => n + 1);
                    break;
            }
        }

        private IEnumerable<IAccountCommand> Recorded() =>
            _sent.OfType<IAccountCommand>().Where(c => _x.Accounts.Single(a => a.Id == c.AccountId).AppliedRequests.Contains(c.RequestId));

        private object? Send(object command)
        {
            _sent.Add(command);
            return _x.Send(command);
        }

        /// <summary>The node stops after a few deliveries; another starts on the journal and the entities re-send what was in flight.</summary>
        private void Crash(object command, int cutAfter, string kind)
        {
            _sent.Add(command);
            _x.Send(command, maxDeliveries: cutAfter);
            _x.Restart();
            _x.RetryOutboxes();
            seen.AddOrUpdate(kind, 1, (_, n) => n + 1);
        }

        private void Note(object? reply, string kind)
        {
            var code = reply is AccountCommandRejected r ? r.Reason.Code : null;
            seen.AddOrUpdate(code switch
            {
                null => kind,
                RejectionCodes.DepositCapReached => "cap",
                RejectionCodes.InsufficientAssetBalance => "short",
                _ => code,
            }, 1, (_, n) => n + 1);
        }

        private string Holdings() =>
            string.Join(";", _x.Accounts.OrderBy(a => a.Id.Value, StringComparer.Ordinal)
                .Select(a => $"{a.Id}:{a.FreeBalance}:{string.Join(",", a.Holdings.OrderBy(h => h.Key.Value, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}"))}"));
    }
}
