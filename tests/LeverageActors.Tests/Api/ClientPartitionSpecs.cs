using System.Net;
using LeverageActors.Host.Api.Access;

namespace LeverageActors.Tests.Api;

/// <summary>Whose allowance a request spends: one IPv6 client cannot multiply its rate by rotating addresses in its /64.</summary>
public sealed class ClientPartitionSpecs
{
    [Fact]
    public void Addresses_in_one_ipv6_64_share_an_allowance()
    {
        var first = ClientPartition.Of(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:1"));
        var rotated = ClientPartition.Of(IPAddress.Parse("2001:db8:1:2:1234:5678:9abc:def0"));

        Assert.Equal(first, rotated);
        Assert.Equal("2001:db8:1:2::/64", first);
    }

    [Fact]
    public void Neighbouring_ipv6_64s_and_ipv4_addresses_are_apart()
    {
        Assert.NotEqual(ClientPartition.Of(IPAddress.Parse("2001:db8:1:2::1")), ClientPartition.Of(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.NotEqual(ClientPartition.Of(IPAddress.Parse("192.0.2.1")), ClientPartition.Of(IPAddress.Parse("192.0.2.2")));
    }

    [Fact]
    public void An_ipv4_client_on_a_dual_stack_socket_is_its_ipv4_address()
    {
        Assert.Equal("192.0.2.7", ClientPartition.Of(IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.Equal("192.0.2.7", ClientPartition.Of(IPAddress.Parse("192.0.2.7")));
        Assert.Equal("unknown", ClientPartition.Of(null));
    }
}
