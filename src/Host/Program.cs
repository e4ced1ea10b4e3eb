using System.CommandLine;
using LeverageActors.Host.Cli;

var options = new NodeOptions();
var root = new RootCommand("LeverageActors: an event-sourced engine for leveraged trading on Akka.NET.");
foreach (var option in options.All)
    root.Options.Add(option);
root.Subcommands.Add(NodeCommand.Create(options));
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.SetAction((result, token) => NodeCommand.RunAsync(options, result, token));

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // One line, not a page of help: the user asked for something specific and got it wrong.
    await Console.Error.WriteLineAsync($"error: {parsed.Errors[0].Message} (see --help)");
    return 2;
}

// The generic host owns SIGTERM and Ctrl+C (graceful CoordinatedShutdown, exit code 0);
// System.CommandLine's own handler would force exit code 143 after two seconds.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
