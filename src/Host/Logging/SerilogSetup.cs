using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

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

        logger
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            // A failed start is reported by the CLI in one line; the host's own report is a stack trace.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal)
            // Every failed probe (each second while a node starts) would be an error line; the
            // probe's own answer says which check failed and why.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            .Enrich.FromLogContext();
        // JSON lines for a log shipper: one object per event, the rendered message beside its
        // template and properties, an exception (stack trace included) inside its line.
        return IsJson(configuration)
            ? logger.WriteTo.Console(new RenderedCompactJsonFormatter(), standardErrorFromLevel: null)
            : logger.WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: null);
    }

    /// <summary><c>Logging:Format</c>: <c>text</c> (the default, for people) or <c>json</c>.</summary>
    public static bool IsJson(IConfiguration configuration) =>
        configuration["Logging:Format"] switch
        {
            null or "" => false,
            var format when format.Equals("json", StringComparison.OrdinalIgnoreCase) => true,
            var format when format.Equals("text", StringComparison.OrdinalIgnoreCase) => false,
            var format => throw new Node.ConfigurationError($"Logging:Format must be text or json, got '{format}'"),
        };
}
