using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Actor.Setup;

namespace LeverageActors.Actors.Metrics;

/// <summary>
/// The instruments of one node (one actor system), grouped by concern. Several nodes may share a
/// process (the tests run many): each takes its meter from its own host's
/// <see cref="IMeterFactory"/>, so each node's <c>/metrics</c> shows its own facts only.
/// </summary>
public sealed class NodeMetrics : IExtension
{
    public const string MeterName = "LeverageActors";

    public NodeMetrics(Meter meter)
    {
        Meter = meter;
        Trading = new TradingMetrics(meter);
        Oracles = new OracleMetrics(meter);
        Sagas = new SagaMetrics(meter);
        Journal = new JournalMetrics(meter);
        Cross = new CrossWatchMetrics(meter);
        Recoveries = new RecoveryMetrics(meter);
    }

    public Meter Meter { get; }

    public TradingMetrics Trading { get; }

    public OracleMetrics Oracles { get; }

    public SagaMetrics Sagas { get; }

    public JournalMetrics Journal { get; }

    public CrossWatchMetrics Cross { get; }

    public RecoveryMetrics Recoveries { get; }

    public static NodeMetrics For(ActorSystem system) => system.WithExtension<NodeMetrics, NodeMetricsProvider>();
}

/// <summary>Hands the host's meter factory to the actor system (the journal plugin, made from HOCON, has no other way in).</summary>
public sealed class NodeMetricsSetup(IMeterFactory factory) : Setup
{
    public IMeterFactory Factory { get; } = factory;
}

public sealed class NodeMetricsProvider : ExtensionIdProvider<NodeMetrics>
{
    public override NodeMetrics CreateExtension(ExtendedActorSystem system)
    {
        var setup = system.Settings.Setup.Get<NodeMetricsSetup>();
        if (setup.HasValue)
            return new NodeMetrics(setup.Value.Factory.Create(NodeMetrics.MeterName));

        // An actor system outside a host (TestKit, benchmarks): a meter of its own that nothing
        // exports unless a listener asks for exactly this instance.
        var meter = new Meter(NodeMetrics.MeterName);
        system.RegisterOnTermination(meter.Dispose);
        return new NodeMetrics(meter);
    }
}
