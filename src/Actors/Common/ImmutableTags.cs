using System.Collections.Immutable;
using Akka.Persistence.Journal;

namespace LeverageActors.Actors.Common;

/// <summary>The journal tags of one kind of entity, wrapped around each event it persists.</summary>
public sealed class ImmutableTags(params string[] tags)
{
    private readonly IImmutableSet<string> _tags = tags.ToImmutableHashSet();

    public Tagged Wrap(object evt) => new(evt, _tags);
}
