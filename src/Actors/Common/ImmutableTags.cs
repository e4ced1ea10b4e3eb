using System.Collections.Immutable;
using Akka.Persistence.Journal;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Common;

/// <summary>The journal tags of one kind of entity, wrapped around each event it persists.</summary>
public sealed class ImmutableTags(params string[] tags)
{
    public const string Breach = "breach";
    public const string Liquidation = "liquidation";

    private readonly ImmutableHashSet<string> _tags = tags.ToImmutableHashSet();

    /// <summary>The tag every event of a market carries: what the market's risk index reads.</summary>
    public static string Market(MarketId market) => "market:" + market.Value;

    public Tagged Wrap(object evt) => new(evt, _tags);

    public Tagged Wrap(object evt, params string[] more) => new(evt, _tags.Union(more));
}
