using LeverageActors.Host.Cli;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Node;

/// <summary>
/// A node that no seed lets join (a restarted node whose messages are lost while the others still
/// hold its old incarnation; a seed list naming no running node) must not wait for ever: it stops
/// with exit code 3 so that its supervisor starts a fresh incarnation.
/// </summary>
public sealed class JoinTimeoutSpecs
{
    [Fact]
    public async Task A_node_no_seed_answers_stops_after_its_join_timeout_with_exit_code_3_and_one_line()
    {
        var data = Directory.CreateTempSubdirectory("leverage-join-timeout-").FullName;
        // Nobody listens there: the seed never answers.
        var silentSeed = $"akka.tcp://leverage@127.0.0.1:{NodeProcess.FreePort()}";
        using var process = HostProcess.Start(
            new Dictionary<string, string> { ["LEVERAGE_Node__JoinTimeout"] = "3" },
            "--port", "0", "--data-dir", data, "--api-url", "http://127.0.0.1:0", "--prices", "none", "--seed", silentSeed);
        var (stdout, stderr) = await HostProcess.Finishes(process, HostProcess.RunTimeout);

        Assert.Equal(NodeCommand.LeftClusterExitCode, process.ExitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("did not join a cluster within Node:JoinTimeout (LEVERAGE_Node__JoinTimeout): no seed node let it in", line);
        Assert.Contains("No seed node answered within 00:00:03", stdout);
    }
}
