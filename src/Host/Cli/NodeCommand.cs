using System.CommandLine;
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

        await using var app = NodeApplication.Build(builder, settings, api, json ? JsonStdoutLogger.Use : null);
        try
        {
            // The host owns SIGTERM and Ctrl+C: it stops the actor system through CoordinatedShutdown.
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A node that cannot start (port taken, database unreadable) says why in one line.
            await Console.Error.WriteLineAsync($"error: the node could not start: {e.GetBaseException().Message}");
            return 1;
        }
    }
}
