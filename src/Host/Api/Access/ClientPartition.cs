using System.Net;
using System.Net.Sockets;

namespace LeverageActors.Host.Api.Access;

/// <summary>
/// Whose allowance a request spends: an IPv4 client's address, an IPv6 client's /64. One IPv6
/// subscriber is routinely given a whole /64 and may send each request from a fresh address in it,
/// so a limit per address let one client multiply its rate by as many addresses as it cared to use.
/// An IPv4 address a dual-stack socket reports as IPv6 (::ffff:a.b.c.d) is that IPv4 address.
/// </summary>
public static class ClientPartition
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
