using System.Text.Json;
using System.Threading.Channels;

namespace LeverageActors.Tests.Support;

/// <summary>Reads a Server-Sent Events response into (event, data) pairs as they arrive.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Channel<(string Name, JsonElement Data)> _events = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private EventStreamReader(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(Read);
    }

    public static async Task<EventStreamReader> Open(HttpClient http, string path)
    {
        var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(response);
    }

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Ended => _reading;

    /// <summary>The next event satisfying <paramref name="match"/>, skipping others; fails after the timeout.</summary>
    public async Task<JsonElement> Next(string name, Func<JsonElement, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(TestNode.Timeout);
        try
        {
            while (true)
            {
                var (n, data) = await _events.Reader.ReadAsync(timeout.Token);
                if (n == name && (match is null || match(data)))
                    return data;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no '{name}' event within {TestNode.Timeout}");
        }
    }

    private async Task Read()
    {
        await using var stream = await _response.Content.ReadAsStreamAsync(_stop.Token);
        using var reader = new StreamReader(stream);
        string? name = null;
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
                await _events.Writer.WriteAsync((name, JsonDocument.Parse(line[6..]).RootElement.Clone()));
            else if (line.Length == 0)
                name = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The stream ends because we closed it.
        }
    }
}
