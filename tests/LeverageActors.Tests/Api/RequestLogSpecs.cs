using LeverageActors.Host.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A review: the request line logged the decoded path, so a path holding a line break wrote a
/// second line of the client's making into the node's text log (a forged operator action). It is
/// logged escaped as in a URL.
/// </summary>
public sealed class RequestLogSpecs
{
    [Fact]
    public async Task A_line_break_in_the_path_is_logged_escaped_not_as_a_line_of_its_own()
    {
        var lines = new List<string>();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new Capture(lines)));
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = new PathString("/x\n[12:00:00.000 INF] HTTP POST /operator/markets/ETH-USD/halt answered 200");

        await new RequestLog(loggers).Write(http, _ => Task.CompletedTask);

        var line = Assert.Single(lines);
        Assert.DoesNotContain('\n', line);
        Assert.Contains("/x%0A", line);
    }

    private sealed class Capture(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Lines(lines);

        public void Dispose()
        {
        }

        private sealed class Lines(List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Add(formatter(state, exception));
        }
    }
}
