using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Akka.Actor;

namespace LeverageActors.Host.Node;

/// <summary>
/// With the embedded SQLite journal every node of a cluster must share one file, and a SQLite file
/// cannot be shared across machines: a seed node must be on this machine. This machine is a
/// loopback address or one of its own interfaces' addresses; a host name counts when every address
/// it resolves to does.
/// </summary>
public static class EmbeddedJournalSeeds
{
    public static void RequireThisMachine(IEnumerable<Address> seeds)
    {
        var own = new Lazy<IReadOnlySet<IPAddress>>(OwnAddresses);
        foreach (var seed in seeds)
            if (!IsThisMachine(seed.Host ?? "", own))
                throw new ConfigurationError(
                    $"Seed node '{seed}' is not on this machine, but this node's journal is an embedded SQLite file, which nodes on " +
                    "different machines cannot share: run the cluster's nodes on one machine with one shared --journal file, or use one PostgreSQL journal");
    }

    private static bool IsThisMachine(string host, Lazy<IReadOnlySet<IPAddress>> own)
    {
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : Resolve(host);
        return addresses.Length > 0
               && addresses.Select(Plain).All(a => IPAddress.IsLoopback(a) || own.Value.Contains(a));
    }

    private static IPAddress[] Resolve(string host)
    {
        try
        {
            return Dns.GetHostAddresses(host);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private static IReadOnlySet<IPAddress> OwnAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(u => Plain(u.Address))
            .ToHashSet();

    /// <summary>Without IPv6 scope and IPv4 mapping, so equal addresses compare equal.</summary>
    private static IPAddress Plain(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
            return new IPAddress(address.GetAddressBytes());
        return address;
    }
}
