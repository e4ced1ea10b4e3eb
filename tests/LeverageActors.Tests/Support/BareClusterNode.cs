using Akka.Configuration;
using LeverageActors.Actors.Persistence;

namespace LeverageActors.Tests.Support;

/// <summary>A cluster node of another build: no journal check, the given roles, our serializer.</summary>
public static class BareClusterNode
{
    public static Config With(IEnumerable<string> roles) =>
        ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.cluster.roles = [{{string.Join(", ", roles.Select(r => $"\"{r}\""))}}]
            akka.loglevel = WARNING
            """).WithFallback(HoconFiles.Load(HoconFiles.Base));
}
