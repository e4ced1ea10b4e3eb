using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using LeverageActors.Host.Node;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Node;

/// <summary>With the embedded SQLite journal, seed nodes must be on this machine: one file cannot be shared across machines.</summary>
public sealed class EmbeddedJournalSeedsSpecs
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.1.1")]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    public void A_seed_on_a_loopback_address_is_allowed(string host) =>
        Assert.Equal([$"akka.tcp://leverage@{host}:4061"], SettingsWithSeed(host).SeedNodes);

    [Fact]
    public void A_seed_on_this_machine_s_own_name_or_address_is_allowed()
    {
        Assert.Single(SettingsWithSeed(Dns.GetHostName()).SeedNodes);
        var own = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => !IPAddress.IsLoopback(a) && a.AddressFamily == AddressFamily.InterNetwork)
            .ToList();
        foreach (var address in own)
            Assert.Single(SettingsWithSeed(address.ToString()).SeedNodes);
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("no-such-host.invalid")]
    public void A_seed_on_another_machine_is_refused_in_one_line_naming_it(string host)
    {
        var error = Assert.Throws<ConfigurationError>(() => SettingsWithSeed(host));

        Assert.Contains($"akka.tcp://leverage@{host}:4061", error.Message);
        Assert.Contains("not on this machine", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static NodeSettings SettingsWithSeed(string host) =>
        NodeSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection([new("Node:SeedNodes:0", $"akka.tcp://leverage@{host}:4061")])
            .Build());
}
