using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using Akka.Event;
using LeverageActors.Host.Logging;
using LeverageActors.Tests.Api;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Operations;

/// <summary>The real executable with <c>Logging:Format=json</c>: what a log shipper reads.</summary>
public sealed class JsonLogSpecs
{
    // Generous: a loaded CI machine may take minutes to start a node; never a measure of speed.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_line_the_node_prints_is_one_JSON_object_and_each_request_is_logged()
    {
        var dataDir = Directory.CreateTempSubdirectory("leverage-json-").FullName;
        try
        {
            using var node = HostProcess.Start(
                new Dictionary<string, string> { ["LEVERAGE_Logging__Format"] = "json" },
                "--port", FreePort().ToString(), "--data-dir", dataDir, "--api-url", "http://127.0.0.1:0", "--prices", "none");
            var lines = new List<string>();
            var errors = new List<string>();
            var listening = new TaskCompletionSource<string>();
            node.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (lines) lines.Add(e.Data);
                if (e.Data.Contains("HTTP API listening on", StringComparison.Ordinal))
                    listening.TrySetResult(JsonDocument.Parse(e.Data).RootElement.GetProperty("Url").GetString()!);
            };
            node.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null) lock (errors) errors.Add(e.Data);
            };
            node.BeginOutputReadLine();
            node.BeginErrorReadLine();

            var api = await listening.Task.WaitAsync(StartTimeout);
            using (var http = new HttpClient { BaseAddress = new Uri(api) })
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/no/such/path")).StatusCode);
            }

            await Eventually.Holds("the request log lines", () =>
            {
                lock (lines) return Task.FromResult(lines.Count(l => l.Contains("LeverageActors.Api.Requests", StringComparison.Ordinal)) >= 2);
            });
            Assert.Equal(0, Kill(node.Id, Sigterm));
            await HostProcess.ExitsWithin(node, TimeSpan.FromSeconds(90));
            Assert.Equal(0, node.ExitCode);

            List<JsonElement> events;
            lock (lines)
                events = lines.Select(ParseObject).ToList();
            Assert.All(events, e =>
            {
                Assert.True(e.TryGetProperty("@t", out _), "every event has its time");
                Assert.True(e.TryGetProperty("@m", out _), "every event has its rendered message");
            });
            Assert.Contains(events, e => e.TryGetProperty("SourceContext", out var source) && source.GetString()!.StartsWith("Akka", StringComparison.Ordinal));

            var request = events.Single(e => Property(e, "Path") == "/health/live");
            Assert.Equal("GET", Property(request, "Method"));
            Assert.Equal(200, request.GetProperty("StatusCode").GetInt32());
            Assert.Equal("/health/live", Property(request, "Route"));
            Assert.True(request.GetProperty("ElapsedMs").GetDouble() >= 0);
            var missing = events.Single(e => Property(e, "Path") == "/no/such/path");
            Assert.Equal(404, missing.GetProperty("StatusCode").GetInt32());
            lock (errors)
                Assert.Empty(errors);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>What Akka prints itself when its loggers are not running (a shutdown phase that timed out).</summary>
    [Fact]
    public void Akkas_last_resort_lines_are_JSON_objects_too()
    {
        var cause = new TimeoutException("phase timed out");
        var line = JsonStdoutLogger.Line(new Warning(cause, "CoordinatedShutdown(akka://leverage)", typeof(JsonLogSpecs),
            "Coordinated shutdown phase [actor-system-terminate] timed out after 00:00:10"));

        var e = ParseObject(line);
        Assert.Single(line.Split('\n'));
        Assert.Equal("Warning", e.GetProperty("@l").GetString());
        Assert.Equal("Coordinated shutdown phase [actor-system-terminate] timed out after 00:00:10", e.GetProperty("@m").GetString());
        Assert.Contains("phase timed out", e.GetProperty("@x").GetString());
        Assert.True(e.GetProperty("@t").TryGetDateTimeOffset(out _));
    }

    [Fact]
    public async Task An_unknown_log_format_is_one_line_naming_it_and_exit_code_2()
    {
        using var node = HostProcess.Start(new Dictionary<string, string> { ["LEVERAGE_Logging__Format"] = "xml" }, "--prices", "none");
        var (_, stderr) = await HostProcess.Finishes(node, HostProcess.RunTimeout);

        Assert.Equal(2, node.ExitCode);
        Assert.Contains("Logging:Format", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static JsonElement ParseObject(string line)
    {
        JsonElement element;
        try
        {
            element = JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"not a JSON line ({e.Message}): {line}");
        }

        Assert.True(element.ValueKind == JsonValueKind.Object, $"not a JSON object: {line}");
        return element;
    }

    private static string? Property(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
