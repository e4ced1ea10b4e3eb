using System.CommandLine;
using Akka.Actor;
using LeverageActors.Actors.Membership;
using LeverageActors.Host.Api;
using Microsoft.AspNetCore.Builder;
using LeverageActors.Host.Logging;
using LeverageActors.Host.Node;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace LeverageActors.Host.Cli;

/// <summary>Verb <c>node</c>, also what runs when no verb is given.</summary>
public static class NodeCommand
{
    public static Command Create(NodeOptions options)
    {
        var command = new Command("node", "Run a cluster node (the default verb)");
        // On the root too (no verb runs a node), but not recursive: audit and simulate would accept
        // and ignore them, so `audit --data-dir X` audited ./data's journal instead of X's.
        foreach (var option in options.All)
            command.Options.Add(option);
        command.SetAction((result, token) => RunAsync(options, result, token));
        return command;
    }

    public static async Task<int> RunAsync(NodeOptions options, ParseResult result, CancellationToken token)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddEnvironmentVariables("LEVERAGE_");
        builder.Configuration.AddInMemoryCollection(options.ToConfiguration(result));

        NodeSettings settings;
        ApiSettings api;
        bool json;
        try
        {
            settings = NodeSettings.From(builder.Configuration);
            api = ApiSettings.From(builder.Configuration);
            json = SerilogSetup.IsJson(builder.Configuration);
        }
        catch (ConfigurationError e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        builder.Services.AddSerilog(logger => SerilogSetup.Configure(logger, builder.Configuration));
        // Under systemd (Type=notify) the node says READY=1 once started and STOPPING=1 on SIGTERM;
        // anywhere else this does nothing.
        builder.Services.AddSystemd();

        WebApplication built;
        try
        {
            built = NodeApplication.Build(builder, settings, api, json ? JsonStdoutLogger.Use : null);
        }
        catch (Exception e) when (e.GetBaseException() is ConfigurationError refused)
        {
            // Found wrong only against the journal (the API's wiring starts the actor system): as any setting, one line and exit code 2.
            await Console.Error.WriteLineAsync($"error: {refused.Message}");
            return 2;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"error: the node could not start: {e.GetBaseException().Message}");
            return 1;
        }

        await using var app = built;
        ActorSystem? system = null;
        try
        {
            system = app.Services.GetRequiredService<ActorSystem>();
            // The host owns SIGTERM and Ctrl+C: it stops the actor system through CoordinatedShutdown.
            // Not RunAsync: it disposes the services, and why the actor system stopped is read after.
            await app.StartAsync();
            await app.WaitForShutdownAsync();
        }
        catch (Exception) when (RefusedToJoin(system) is not null)
        {
            // Refused while the rest of the node was still starting: reported below like any refusal.
        }
        catch (Exception e) when (e.GetBaseException() is ConfigurationError refused)
        {
            await Console.Error.WriteLineAsync($"error: {refused.Message}");
            return 2;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A node that cannot start (port taken, database unreadable) says why in one line.
            await Console.Error.WriteLineAsync($"error: the node could not start: {e.GetBaseException().Message}");
            return 1;
        }

        if (RefusedToJoin(system) is { } refusal)
        {
            await Console.Error.WriteLineAsync($"error: {refusal.Explanation}");
            return 2;
        }

        if (LeftItsCluster(system) is { } why)
        {
            // Not asked to stop: a supervisor (systemd's Restart=on-failure) starts a fresh incarnation.
            await Console.Error.WriteLineAsync($"error: {why}; start it again to rejoin");
            return LeftClusterExitCode;
        }

        return 0;
    }

    /// <summary>The node stopped because its cluster removed it or it could not join one: a failure to restart from.</summary>
    public const int LeftClusterExitCode = 3;

    private static string? LeftItsCluster(ActorSystem? system) =>
        system is null ? null : CoordinatedShutdown.Get(system).ShutdownReason switch
        {
            CoordinatedShutdown.ClusterDowningReason => "the cluster downed this node (the split-brain resolver found it unreachable or on the minority side)",
            CoordinatedShutdown.ClusterJoinUnsuccessfulReason =>
                "this node did not join a cluster within Node:JoinTimeout (LEVERAGE_Node__JoinTimeout): no seed node let it in, or its journal's live members could not be read",
            _ => null,
        };

    /// <summary>Why the node stopped instead of joining a cluster on another journal or starting a second one on its own, if it did.</summary>
    private static JoinRefusal? RefusedToJoin(ActorSystem? system) =>
        system is null ? null : CoordinatedShutdown.Get(system).ShutdownReason as JoinRefusal;
}
