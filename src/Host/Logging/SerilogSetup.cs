using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace LeverageActors.Host.Logging;

/// <summary>
/// One Serilog pipeline for the node. Akka's own log events reach it through Akka.Hosting's
/// Microsoft.Extensions.Logging bridge (Akka.Logger.Serilog is not available here).
/// </summary>
public static class SerilogSetup
{
    public const string Template = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration)
    {
        var level = Enum.TryParse<LogEventLevel>(configuration["Logging:Level"], ignoreCase: true, out var parsed)
            ? parsed
            : LogEventLevel.Information;

        return logger
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            // A failed start is reported by the CLI in one line; the host's own report is a stack trace.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: null);
    }
}
