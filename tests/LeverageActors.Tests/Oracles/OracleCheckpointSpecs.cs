using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Serialization;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Oracles;

/// <summary>
/// An oracle's checkpoints on the pure state: one every <c>CheckpointEvery</c> events, each the hash
/// of the state before it, and a state restored from its snapshot (through the serializer, as the
/// snapshot store keeps it) decides every later report exactly as the state that never stopped.
/// The audit recomputes each checkpoint from its own replay.
/// </summary>
public class OracleCheckpointSpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int Every = 25;

    /// <summary>Three sources, dynamic margin: the volatility, the requirement and its grace are all in the state.</summary>
    private static readonly OracleParameters Parameters = OracleParameters.Default with { Margin = new DynamicMargin(), CheckpointEvery = Every };

    /// <summary>
    /// Ten minutes of every source reporting each second, swinging about 1% a minute, and a 20%
    /// jump after five minutes that trips the breaker: the halt is in the state at later checkpoints.
    /// </summary>
    private static IEnumerable<ReportPrice> Reports()
    {
        for (var second = 0; second < 600; second++)
        {
            var at = T0.AddSeconds(second);
            var price = 2_000m + (second / 60 % 2 == 0 ? second % 60 : 60 - second % 60) / 3m + (second >= 300 ? 400m : 0m);
            foreach (var source in Parameters.Sources)
                yield return new ReportPrice(Eth, source, decimal.Round(price, 2), at, at);
        }
    }

    private sealed record Run(List<IOracleEvent> Events, List<(int Report, OracleState Before, OracleCheckpointed Checkpoint)> Checkpoints, OracleState End);

    private static Run Decide(OracleState state, IEnumerable<ReportPrice> reports)
    {
        var events = new List<IOracleEvent>();
        var checkpoints = new List<(int, OracleState, OracleCheckpointed)>();
        var report = 0;
        foreach (var r in reports)
        {
            foreach (var e in state.Handle(r).Events)
            {
                if (e is OracleCheckpointed c)
                    checkpoints.Add((report, state, c));
                events.Add(e);
                state = state.Apply(e);
            }

            report++;
        }

        return new Run(events, checkpoints, state);
    }

    [Fact]
    public void A_checkpoint_follows_every_N_events_and_hashes_the_state_before_it()
    {
        var run = Decide(OracleState.Initial(Eth, Parameters), Reports());

        Assert.True(run.Checkpoints.Count >= 100, $"{run.Checkpoints.Count} checkpoints");
        Assert.Contains(run.Events, e => e is CircuitBreakerTripped);
        Assert.Contains(run.Events, e => e is MarginRequirementChanged);
        var since = 0;
        foreach (var e in run.Events)
        {
            if (e is OracleCheckpointed)
            {
                // A report's events are written together: the checkpoint comes after them, at N or a little past.
                Assert.InRange(since, Every, Every + 4);
                since = 0;
                continue;
            }

            since++;
        }

        foreach (var (_, before, checkpoint) in run.Checkpoints)
            Assert.Equal(OracleCheckpoints.Hash(before), checkpoint.StateHash);
        Assert.Equal(run.Checkpoints.Select(c => c.Checkpoint.StateHash).Distinct().Count(), run.Checkpoints.Count);
    }

    [Fact]
    public void A_state_restored_from_a_snapshot_decides_every_later_report_as_the_state_that_never_stopped()
    {
        var reports = Reports().ToList();
        var run = Decide(OracleState.Initial(Eth, Parameters), reports);
        // Checkpoints with the breaker tripped and with a requirement in grace, and one before either.
        var taken = new[] { run.Checkpoints[3], run.Checkpoints.First(c => c.Before.HaltedUntil is not null), run.Checkpoints.First(c => !c.Before.Margin.InGrace.IsEmpty) };
        Assert.Contains(taken, c => c.Before.HaltSince is not null);

        foreach (var (report, before, checkpoint) in taken)
        {
            var (manifest, bytes) = LeverageSerializer.Encode(OracleCheckpoints.Snapshot(before, "ab12"));
            var stored = (OracleSnapshot)LeverageSerializer.Decode(bytes, manifest);
            var restored = OracleCheckpoints.Restore(stored, configured: null);

            Assert.Equal("ab12", stored.ChainHead);
            Assert.Equal(checkpoint.StateHash, OracleCheckpoints.Hash(restored));
            var resumed = Decide(restored.Apply(checkpoint), reports.Skip(report + 1));
            var expected = run.Events.Skip(run.Events.IndexOf(checkpoint) + 1).ToList();
            Assert.Equal(Json(expected), Json(resumed.Events));
            Assert.Equal(OracleCheckpoints.Hash(run.End), OracleCheckpoints.Hash(resumed.End));
            Assert.Equal(View(run.End), View(resumed.End));
        }
    }

    [Fact]
    public void The_audit_recomputes_every_checkpoint_and_names_one_that_hashes_another_state()
    {
        var run = Decide(OracleState.Initial(Eth, Parameters), Reports());
        var pid = PersistenceIds.Oracle(Eth);
        var third = run.Checkpoints[2].Checkpoint;

        Assert.Empty(Audit(run.Events.Select(e => (pid, (ILeverageEvent)e))).Violations);
        var forged = Audit(run.Events.Select(e => (pid, (ILeverageEvent)(ReferenceEquals(e, third) ? third with { StateHash = new string('0', 64) } : e))));

        var violation = Assert.Single(forged.Violations);
        Assert.Equal("oracle-checkpoint", violation.Rule);
        Assert.Equal(run.Events.IndexOf(third) + 1, violation.Sequence);
    }

    [Fact]
    public void The_chains_name_a_checkpoint_that_names_a_link_its_stream_never_had()
    {
        var run = Decide(OracleState.Initial(Eth, Parameters), Reports());
        var third = run.Checkpoints[2].Checkpoint;

        Assert.Empty(Chained(run.Events, forged: null).Breaks);
        var forged = Chained(run.Events, third);

        var named = Assert.Single(forged.Breaks);
        Assert.Equal(run.Events.IndexOf(third) + 1, named.Sequence);
        Assert.Contains("a checkpoint naming the link " + new string('0', 64), named.Found);
    }

    /// <summary>The rows as the oracle's actor writes them, each checkpoint naming the link before it but <paramref name="forged"/>, read by the audit's chains.</summary>
    private static Actors.Integrity.JournalChains Chained(IReadOnlyList<IOracleEvent> events, OracleCheckpointed? forged)
    {
        var pid = PersistenceIds.Oracle(Eth);
        var chains = new Actors.Integrity.JournalChains();
        var sequence = 0L;
        foreach (var evt in events)
        {
            var head = chains.Heads().SingleOrDefault()?.Hash ?? Actors.Integrity.ChainHash.Genesis;
            var written = evt is OracleCheckpointed checkpoint
                ? checkpoint with { ChainHead = ReferenceEquals(evt, forged) ? new string('0', 64) : Actors.Integrity.ChainHash.Hex(head) }
                : evt;
            var (manifest, payload) = LeverageSerializer.Encode(written);
            chains.Read(new JournalRow(++sequence, pid, sequence, manifest, LeverageSerializer.Id, false, payload));
        }

        return chains;
    }

    private static AuditLedger Audit(IEnumerable<(string, ILeverageEvent)> journal)
    {
        var audit = new AuditLedger(MarketCatalog.Default);
        foreach (var row in JournalRows.Of(journal))
            audit.Read(row);
        audit.Finish();
        return audit;
    }

    private static string Json(IEnumerable<IOracleEvent> events) =>
        string.Join("\n", events.Select(e => Convert.ToBase64String(LeverageSerializer.Encode(e).Bytes)));

    private static string View(OracleState state) =>
        Convert.ToBase64String(LeverageSerializer.Encode(state.View(T0.AddHours(1), new Dictionary<string, long>())).Bytes);
}
