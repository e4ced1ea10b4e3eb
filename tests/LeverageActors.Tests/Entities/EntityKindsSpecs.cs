using System.Text.Json;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Journal;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Messages.Serialization;
using LeverageActors.Tests.Serialization;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Entities;

/// <summary>
/// The table of entity kinds against the messages and events that exist: every message that carries
/// a routing marker reaches its kind's region with the id it names, every event an entity persists
/// is folded by its kind under its persistence id, and a journal folds to the states that wrote it.
/// A new message, event or kind that the table does not cover fails here.
/// </summary>
public class EntityKindsSpecs
{
    /// <summary>A kind as the code around it knows it: the marker that routes to it, the events it owns, its persistence id prefix and shard count.</summary>
    private sealed record Row(Type Marker, Type[] Events, string Prefix, int Shards);

    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["position"] = new(typeof(IWithPositionId), [typeof(IPositionEvent)], PersistenceIds.PositionPrefix, ShardCounts.Positions),
        ["account"] = new(typeof(IWithAccountId), [typeof(IAccountEvent), typeof(IAccountTransferEvent), typeof(IAccountAssetEvent)], PersistenceIds.AccountPrefix, ShardCounts.Accounts),
        ["pool"] = new(typeof(IWithMarketId), [typeof(IPoolEvent)], PersistenceIds.PoolPrefix, ShardCounts.Pools),
        ["oracle"] = new(typeof(IWithOracleMarket), [typeof(IOracleEvent)], PersistenceIds.OraclePrefix, ShardCounts.Pools),
        ["asset"] = new(typeof(IWithAsset), [typeof(IAssetLedgerEvent)], PersistenceIds.AssetPrefix, ShardCounts.Assets),
    };

    public static TheoryData<string> Kinds() => [.. Rows.Keys];

    /// <summary>Events persisted by no sharded entity, which no kind folds.</summary>
    private static readonly Type[] EntitylessEvents = [typeof(LiquidatorOffsetCommitted), typeof(JournalDigestTaken)];

    [Fact]
    public void The_table_lists_the_kinds_in_routing_order_with_frozen_names()
    {
        Assert.Equal(["position", "account", "pool", "oracle", "asset"], EntityKinds.All.Select(k => k.Name));
        Assert.Equal(Enumerable.Range(0, EntityKinds.All.Count), EntityKinds.All.Select(k => k.Index));
        Assert.Equal([typeof(PositionRegion), typeof(AccountRegion), typeof(PoolRegion), typeof(OracleRegion), typeof(AssetRegion)],
            EntityKinds.All.Select(k => k.Region.Key));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_message_with_the_kinds_marker_is_routed_to_it(string name)
    {
        var (marker, _, prefix, shards) = Rows[name];
        var kind = EntityKinds.All.Single(k => k.Name == name);
        // The shard count the kind's extractor always had: an entity's shard does not move.
        Assert.Equal(shards, kind.ShardCount);
        var earlier = Markers().TakeWhile(m => m != marker).ToList();
        var messages = MessageTypes().Where(t => marker.IsAssignableFrom(t) && !earlier.Any(m => m.IsAssignableFrom(t))).ToList();
        Assert.NotEmpty(messages);

        var extractor = new EntityMessageExtractor(kind);
        foreach (var type in messages)
        {
            var sample = MessageSamples.Create(type);
            Assert.True(EntityKinds.AddresseeOf(sample) == kind, $"{type.Name} is routed to {EntityKinds.AddresseeOf(sample)}, not {name}");
            Assert.True(EntityKinds.AddresseeOf(sample) is not null, type.Name);
            Assert.Equal("sample-id", extractor.EntityId(sample));
            Assert.Equal(sample, extractor.EntityMessage(sample));
        }

        Assert.StartsWith(name + "-", prefix);
    }

    [Fact]
    public void A_message_without_a_marker_names_no_entity()
    {
        var unrouted = MessageTypes().Where(t => !Markers().Any(m => m.IsAssignableFrom(t))).ToList();
        Assert.NotEmpty(unrouted);
        foreach (var type in unrouted)
        {
            var sample = MessageSamples.Create(type);
            Assert.Null(EntityKinds.AddresseeOf(sample));
            Assert.All(EntityKinds.All, k => Assert.Null(new EntityMessageExtractor(k).EntityId(sample)));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_event_of_the_kind_is_folded_by_it_under_its_persistence_id(string name)
    {
        var (_, events, prefix, _) = Rows[name];
        var kind = EntityKinds.All.Single(k => k.Name == name);
        var owned = MessageTypes().Where(t => typeof(ILeverageEvent).IsAssignableFrom(t) && events.Any(e => e.IsAssignableFrom(t))).ToList();
        Assert.NotEmpty(owned);
        foreach (var type in owned)
        {
            var sample = (ILeverageEvent)MessageSamples.Create(type);
            Assert.True(EntityKinds.OwnerOf(sample) == kind, $"{type.Name} is folded by {EntityKinds.OwnerOf(sample)}, not {name}");
            Assert.Equal(prefix + "sample-id", kind.PersistenceIdOf(sample));
        }
    }

    [Fact]
    public void Every_event_an_entity_persists_belongs_to_a_kind()
    {
        var events = MessageTypes().Where(t => typeof(ILeverageEvent).IsAssignableFrom(t)).ToList();
        foreach (var type in events)
        {
            var sample = (ILeverageEvent)MessageSamples.Create(type);
            if (EntitylessEvents.Contains(type))
                Assert.Null(EntityKinds.OwnerOf(sample));
            else
                Assert.True(EntityKinds.OwnerOf(sample) is not null, $"{type.Name} belongs to no entity kind");
        }
    }

    [Fact]
    public void A_story_across_every_kind_journals_each_event_under_its_owner_and_folds_back_to_the_same_states()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        var lp = s.Funded("lp", 1_000_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.Opens(trader, PositionSide.Short, 500m, 5m);
        s.Advance(TimeSpan.FromHours(1));
        s.PriceIs(1_816m);
        s.Check(p);
        s.Liquidate(p, AccountId.From("liquidator"));
        s.DepositsAsset(trader, "ETH", 2m);
        s.WithdrawsAsset(trader, "ETH", 0.5m);

        var journal = s.X.Journal;
        Assert.All(EntityKinds.All, k => Assert.Contains(journal, j => EntityKinds.OwnerOf(j.Event) == k));
        var fold = new JournalFold(MarketCatalog.Default);
        foreach (var (persistenceId, evt) in journal)
        {
            Assert.Equal(persistenceId, EntityKinds.OwnerOf(evt)?.PersistenceIdOf(evt));
            Assert.True(fold.Apply(evt), evt.GetType().Name);
        }

        Assert.Equal(Views(s.X.Accounts, a => a.Id.Value, a => a.View()), Views(fold.Accounts.Values, a => a.Id.Value, a => a.View()));
        Assert.Equal(Views(s.X.Positions, p => p.Id.Value, p => p.View(1_816m, 1m)), Views(fold.Positions.Values, p => p.Id.Value, p => p.View(1_816m, 1m)));
        Assert.Equal(Views(s.X.Pools, p => p.Market.Value, p => p.View(1_816m, s.Now)), Views(fold.Pools.Values, p => p.Market.Value, p => p.View(1_816m, s.Now)));
        Assert.Equal(Views(s.X.Oracles, o => o.Market.Value, o => o.View(s.Now, new Dictionary<string, long>())),
            Views(fold.Oracles.Values, o => o.Market.Value, o => o.View(s.Now, new Dictionary<string, long>())));
        Assert.Equal(Views(s.X.AssetLedgers, l => l.Asset.Value, l => l.View()), Views(fold.AssetLedgers.Values, l => l.Asset.Value, l => l.View()));
    }

    private static List<string> Views<TState>(IEnumerable<TState> states, Func<TState, string> id, Func<TState, object> view) =>
        [.. states.OrderBy(id, StringComparer.Ordinal).Select(state => id(state) + " " + JsonSerializer.Serialize(view(state), LeverageJson.Options))];

    private static IEnumerable<Type> Markers() => Rows.Values.Select(r => r.Marker);

    private static IEnumerable<Type> MessageTypes() =>
        typeof(ILeverageMessage).Assembly.GetTypes()
            .Where(t => typeof(ILeverageMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.FullName);
}
