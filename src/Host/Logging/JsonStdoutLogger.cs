using System.Text;
using System.Text.Json;
using Akka.Event;
using Akka.Hosting;

namespace LeverageActors.Host.Logging;

/// <summary>
/// Akka's last-resort logger, which prints what happens before its loggers start and after they
/// stop (a shutdown phase that times out, say), writing the same JSON lines as Serilog's compact
/// format, so that with <c>Logging:Format=json</c> no plain-text line reaches standard output.
/// </summary>
public sealed class JsonStdoutLogger : MinimalLogger
{
    /// <summary>Puts this logger in place of Akka's plain-text one.</summary>
    public static void Use(AkkaConfigurationBuilder akka) =>
        akka.AddHocon($"akka.stdout-logger-class = \"{typeof(JsonStdoutLogger).FullName}, {typeof(JsonStdoutLogger).Assembly.GetName().Name}\"",
            HoconAddMode.Prepend);

    protected override void Log(object message)
    {
        if (message is LogEvent logEvent && !Filter.ShouldTryKeepMessage(logEvent, out _))
            return;
        Console.Out.WriteLine(message is LogEvent e ? Line(e) : Line(DateTime.UtcNow, null, message.ToString() ?? "", null, null));
    }

    public static string Line(LogEvent e) =>
        Line(e.Timestamp, e.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => "Debug",
            Akka.Event.LogLevel.WarningLevel => "Warning",
            Akka.Event.LogLevel.ErrorLevel => "Error",
            _ => null,
        }, e.Message?.ToString() ?? "", e.Cause?.ToString(), e.LogSource);

    private static string Line(DateTime at, string? level, string message, string? exception, string? source)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("@t", DateTime.SpecifyKind(at, DateTimeKind.Utc));
            json.WriteString("@m", message);
            if (level is not null)
                json.WriteString("@l", level);
            if (exception is not null)
                json.WriteString("@x", exception);
            if (source is not null)
                json.WriteString("LogSource", source);
            json.WriteString("SourceContext", "Akka.Event.StandardOutLogger");
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
