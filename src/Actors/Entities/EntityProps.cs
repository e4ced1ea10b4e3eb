using Akka.Actor;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// Props for an entity made by a plain delegate. <c>Props.Create(() =&gt; new X(...))</c> compiles
/// its expression every time it is called, and a shard calls it once per entity it starts: the
/// compile and the finalizers of the dynamic methods it leaves behind showed up as a large share of
/// a node's CPU while positions open (docs/BENCHMARKS.md).
/// </summary>
public static class EntityProps
{
    public static Props Of<TActor>(Func<TActor> create) where TActor : ActorBase =>
        Props.CreateBy(new Producer<TActor>(create));

    private sealed class Producer<TActor>(Func<TActor> create) : IIndirectActorProducer where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
        }
    }
}
