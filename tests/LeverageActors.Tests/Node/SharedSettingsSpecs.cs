using Akka.Actor;
using Akka.Cluster;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Membership;
using LeverageActors.Actors.Persistence;
using LeverageActors.Host.Node;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Membership;
using LeverageActors.Messages.Oracles;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Node;

/// <summary>
/// Every node of a cluster runs with the same markets, collateral, cross-margin, liquidation and
/// execution settings: a node configured otherwise is refused at the join, naming what differs, and
/// one that got in anyway is put out; a build's new parameter alone refuses nobody.
/// </summary>
public sealed class SharedSettingsSpecs
{
    private static readonly TimeSpan Timeout = TestNode.Timeout;

    [Fact]
    public void Two_nodes_configured_alike_share_a_fingerprint_and_each_difference_is_named_by_its_setting()
    {
        var node = new NodeSettings();
        var alike = NodeSharedSettings.Of(new NodeSettings());
        var cross = NodeSharedSettings.Of(node with { CrossMargin = true });
        var markets = MarketCatalog.Default.Markets.ToDictionary(m => m.Key, m => m.Value);
        markets[MarketId.From("ETH-USD")] = new MarketParameters(MaxLeverage: 20m);
        var leverage = NodeSharedSettings.Of(node with { Markets = new MarketCatalog(markets) });
        var fewer = NodeSharedSettings.Of(node with { Markets = new MarketCatalog(MarketCatalog.Default.Markets.Where(m => m.Key.Value != "SOL-USD").ToDictionary()) });
        var own = NodeSharedSettings.Of(node);

        Assert.Equal(own.Fingerprint, alike.Fingerprint);
        Assert.Empty(own.Differences(alike.Values));
        Assert.NotEqual(own.Fingerprint, cross.Fingerprint);
        Assert.Equal([new SettingDifference("Accounts:CrossMargin:Enabled", "false", "true")], own.Differences(cross.Values));
        // The parameter, and the initial margin rate the market derives from it.
        Assert.Equal([new SettingDifference("Markets:ETH-USD:initialMarginRate", "0.02", "0.05"), new SettingDifference("Markets:ETH-USD:maxLeverage", "50", "20")],
            own.Differences(leverage.Values));
        // A market on one node only: the list of markets and of collateral assets differ, whatever parameters are left out.
        Assert.Equal(["Collateral", "Markets"], own.Differences(fewer.Values).Select(d => d.Name));
    }

    [Fact]
    public void A_parameter_or_section_set_on_one_node_only_differs_and_a_number_written_otherwise_does_not()
    {
        var node = new NodeSettings();
        var eth = MarketId.From("ETH-USD");
        var own = NodeSharedSettings.Of(node);
        MarketCatalog With(MarketParameters eth1, OracleParameters? oracle = null) => new(
            MarketCatalog.Default.Markets.ToDictionary(m => m.Key, m => m.Key == eth ? eth1 : m.Value),
            oracle is null ? null : new Dictionary<MarketId, OracleParameters> { [eth] = oracle });

        var share = NodeSharedSettings.Of(node with { Markets = With(new MarketParameters { PoolOpenInterestShare = 0.3m }) });
        var margin = NodeSharedSettings.Of(node with { Markets = With(new MarketParameters(), OracleParameters.Default with { Margin = new DynamicMargin() }) });
        var written = NodeSharedSettings.Of(node with { Markets = With(new MarketParameters(MaxLeverage: 50.000m)) });
        var demo = NodeSharedSettings.Of(node with { Demo = true, PricePath = null });

        Assert.Equal([new SettingDifference("Markets:ETH-USD:poolOpenInterestShare", "null", "0.3")], own.Differences(share.Values));
        Assert.Contains(new SettingDifference("Markets:ETH-USD:Oracle:margin", "null", "set"), own.Differences(margin.Values));
        Assert.Equal(own.Fingerprint, written.Fingerprint);
        // The demo and the price feed may run on one node for the whole cluster.
        Assert.Equal(own.Fingerprint, demo.Fingerprint);
    }

    [Fact]
    public void A_setting_only_one_build_has_changes_the_fingerprint_but_is_no_difference()
    {
        var own = NodeSharedSettings.Of(new NodeSettings());
        var newer = SharedSettings.Of(own.Values.SetItem("Markets:ETH-USD:aParameterOfANewerBuild", "1"));

        Assert.NotEqual(own.Fingerprint, newer.Fingerprint);
        Assert.Empty(own.Differences(newer.Values));
        Assert.Empty(newer.Differences(own.Values));
    }

    [Fact]
    public async Task A_node_with_cross_margin_on_is_refused_by_a_cluster_with_it_off_naming_the_setting_and_the_cluster_keeps_every_account()
    {
        using var journal = TestDatabase.OnDisk();
        await using var a = await TestNode.StartAsync(journal);
        var trader = await a.NewTrader(deposit: 1_000m);
        using var events = new MemberEvents(a.System);

        await using var launched = await TestNode.LaunchAsync(journal.Journal,
            NodeOptions.Joining(a) with { Node = s => s with { CrossMargin = true } });
        var b = launched.System;

        await b.WhenTerminated.WaitAsync(Timeout);
        var refusal = Assert.IsType<SettingsMismatch>(CoordinatedShutdown.Get(b).ShutdownReason);
        Assert.Equal([new SettingDifference("Accounts:CrossMargin:Enabled", "true", "false")], refusal.Differences);
        Assert.Contains("Accounts:CrossMargin:Enabled is true here, false there", refusal.Explanation);
        Assert.Equal(2, refusal.ExitCode);
        Assert.DoesNotContain(Cluster.Get(b).SelfAddress, events.MembersSeen());
        Assert.Equal(MemberStatus.Up, Cluster.Get(a.System).SelfMember.Status);
        Assert.Equal(1_000m, await trader.FreeBalance());
        await a.BooksBalance([trader]);
    }

    [Fact]
    public async Task A_member_on_the_journal_that_skipped_the_check_is_downed_when_a_setting_differs_and_let_in_when_only_its_build_differs()
    {
        using var database = TestDatabase.InMemory();
        await using var a = await TestNode.StartAsync(database);
        var trader = await a.NewTrader(deposit: 1_000m);
        using var events = new MemberEvents(a.System);
        var journal = JournalIdentity.ReadOrCreate(new SqliteJournalIdentityTable(database.ConnectionString));
        var clusters = await a.System.ActorSelection($"/user/{JournalGuard.Name}")
            .Ask<SharedSettingsResponse>(GetSharedSettings.Instance, Timeout);
        var own = SharedSettings.Of(clusters.Settings);

        var newerBuild = SharedSettings.Of(own.Values.SetItem("Markets:ETH-USD:aParameterOfANewerBuild", "1"));
        var crossOn = SharedSettings.Of(own.Values.SetItem("Accounts:CrossMargin:Enabled", "true"));
        foreach (var (settings, downed) in new[] { (crossOn, true), (newerBuild, false) })
        {
            var intruder = ActorSystem.Create("leverage", BareClusterNode.With([JournalRole.Of(journal), settings.Role]));
            try
            {
                intruder.ActorOf(Props.Create(() => new SettingsOnlyGuard(settings)), JournalGuard.Name);
                var address = Cluster.Get(intruder).SelfAddress;
                // Straight to the cluster, past the join gate.
                Cluster.Get(intruder).Join(a.ClusterAddress);

                await events.Next(e => e is ClusterEvent.MemberJoined && e.Member.Address == address, Timeout);
                if (downed)
                {
                    var removed = await events.Next(e => e is ClusterEvent.MemberRemoved && e.Member.Address == address, Timeout);
                    Assert.Equal(MemberStatus.Down, ((ClusterEvent.MemberRemoved)removed).PreviousStatus);
                }
                else
                {
                    await events.Next(e => e is ClusterEvent.MemberUp && e.Member.Address == address, Timeout);
                    var leaving = Cluster.Get(intruder);
                    await leaving.LeaveAsync().WaitAsync(Timeout);
                }
            }
            finally
            {
                await intruder.Terminate();
            }
        }

        Assert.Equal(MemberStatus.Up, Cluster.Get(a.System).SelfMember.Status);
        Assert.Equal(1_000m, await trader.FreeBalance());
        await a.BooksBalance([trader]);
    }

    /// <summary>Answers which settings its node runs with, and nothing else.</summary>
    private sealed class SettingsOnlyGuard : ReceiveActor
    {
        public SettingsOnlyGuard(SharedSettings settings)
        {
            Receive<GetSharedSettings>(_ => Sender.Tell(new SharedSettingsResponse(settings.Values)));
        }
    }
}
